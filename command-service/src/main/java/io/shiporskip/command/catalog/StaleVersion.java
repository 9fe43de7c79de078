package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.RejectedException;

/** The edit expected another version of the tool than the current one (If-Match). */
public final class StaleVersion extends RejectedException {

    public StaleVersion(String toolId, long expected, long current) {
        super("The edit expected version " + expected + " of '" + toolId + "' but it is at version " + current + ".");
    }

    @Override
    public String code() {
        return "stale-version";
    }

    @Override
    public int status() {
        return 412;
    }
}
