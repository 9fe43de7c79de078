package io.shiporskip.command.web;

import io.shiporskip.support.problems.InvalidRequest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the catalog version a client expects from {@code If-Match: "<version>"} (weak tags and bare numbers accepted):
 * the card's {@code version}, not its entity tag, which also changes with votes and takes (docs/api.md).
 */
public final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("^\\s*(?:W/)?\"?([0-9]{1,18})\"?\\s*$");

    private IfMatch() {
    }

    /** The expected version, or null when the header is absent (the edit then applies to whatever is current). */
    public static Long version(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = VERSION.matcher(header);
        if (!m.matches()) {
            throw new InvalidRequest("If-Match must be the tool's catalog version (the card's version field) as an "
                    + "entity tag, e.g. \"3\"; the card's ETag is not a version.");
        }
        return Long.parseLong(m.group(1));
    }
}
