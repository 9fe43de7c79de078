package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.NotFound;

/** No tool has that id. */
public final class UnknownTool extends NotFound {

    public UnknownTool(String toolId) {
        super("tool-not-found", "No tool has the id '" + toolId + "'.");
    }
}
