package io.shiporskip.query.comparisons;

import io.shiporskip.support.problems.RejectedException;

/** No comparison with that id exists. */
public final class ComparisonNotFound extends RejectedException {

    public ComparisonNotFound(String id) {
        super("No comparison has the id '" + id + "'.");
    }

    @Override
    public String code() {
        return "comparison-not-found";
    }

    @Override
    public int status() {
        return 404;
    }
}
