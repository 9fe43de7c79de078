package io.shiporskip.query.tools;

import io.shiporskip.support.problems.RejectedException;

/** No tool with that id is listed. */
public final class ToolNotFound extends RejectedException {

    public ToolNotFound(String toolId) {
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
