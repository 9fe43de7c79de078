package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.RejectedException;

/** The tools of a comparison break its rules (2 to 4, distinct). */
public final class InvalidComparison extends RejectedException {

    public InvalidComparison(String detail) {
        super(detail);
    }

    @Override
    public String code() {
        return "invalid-comparison";
    }

    @Override
    public int status() {
        return 400;
    }
}
