package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.RejectedException;

/** A tool with that id is already in the catalog. */
public final class ToolAlreadyListed extends RejectedException {

    public ToolAlreadyListed(String toolId) {
        super("A tool with the id '" + toolId + "' is already listed.");
    }

    @Override
    public String code() {
        return "tool-exists";
    }

    @Override
    public int status() {
        return 409;
    }
}
