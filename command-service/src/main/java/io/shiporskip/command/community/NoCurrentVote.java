package io.shiporskip.command.community;

import io.shiporskip.support.problems.RejectedException;

/** Retracting needs a current vote. */
public final class NoCurrentVote extends RejectedException {

    public NoCurrentVote(String toolId) {
        super("You have no current vote on '" + toolId + "'.");
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
