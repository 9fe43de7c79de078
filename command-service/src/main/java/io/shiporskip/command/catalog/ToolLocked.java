package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.RejectedException;

/** Voting on the tool is locked by a moderator. */
public final class ToolLocked extends RejectedException {

    public ToolLocked(String toolId) {
        super("Voting on '" + toolId + "' is locked by a moderator.");
    }

    @Override
    public String code() {
        return "tool-locked";
    }

    @Override
    public int status() {
        return 409;
    }
}
