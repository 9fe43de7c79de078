package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.RejectedException;

/** No tool has that id. */
public final class UnknownTool extends RejectedException {

    public UnknownTool(String toolId) {
        super("No tool has the id '" + toolId + "'.");
    }

    @Override
    public String code() {
        return "tool-not-found";
    }

    @Override
    public int status() {
        return 404;
    }
}
