package io.shiporskip.command.community;

import io.shiporskip.support.problems.RejectedException;

/** Retracting or voiding needs a current vote. */
public final class NoCurrentVote extends RejectedException {

    public NoCurrentVote(String toolId) {
        super("There is no current vote on '" + toolId + "' to take back.");
    }

    @Override
    public String code() {
        return "no-current-vote";
    }

    @Override
    public int status() {
        return 404;
    }
}
