package io.shiporskip.contracts.versions;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.UnaryOperator;

/**
 * Turns the {@code data} of one published version of an event type into the next version's: {@code fromVersion} to
 * {@code fromVersion + 1}. The transform may change the node it is given and returns the result.
 */
public record Upcast(String type, int fromVersion, UnaryOperator<ObjectNode> transform) {

    public Upcast {
        if (fromVersion < 1) {
            throw new IllegalArgumentException("versions start at 1: " + type + ".v" + fromVersion);
        }
    }
}
