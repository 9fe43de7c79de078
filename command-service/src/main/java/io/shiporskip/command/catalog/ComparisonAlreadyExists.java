package io.shiporskip.command.catalog;

import io.shiporskip.support.problems.RejectedException;

/** A comparison with that id exists. */
public final class ComparisonAlreadyExists extends RejectedException {

    public ComparisonAlreadyExists(String comparisonId) {
        super("A comparison with the id '" + comparisonId + "' already exists.");
    }

    @Override
    public String code() {
        return "comparison-exists";
    }

    @Override
    public int status() {
        return 409;
    }
}
