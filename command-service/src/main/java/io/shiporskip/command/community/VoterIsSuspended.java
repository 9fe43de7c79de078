package io.shiporskip.command.community;

import io.shiporskip.support.problems.RejectedException;

/** A suspended voter may not vote until reinstated. */
public final class VoterIsSuspended extends RejectedException {

    public VoterIsSuspended() {
        super("Your voting rights are suspended by a moderator.");
    }

    @Override
    public String code() {
        return "voter-suspended";
    }

    @Override
    public int status() {
        return 403;
    }
}
