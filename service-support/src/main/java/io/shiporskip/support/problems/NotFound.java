package io.shiporskip.support.problems;

/** Nothing has that id: 404 with a code naming what was looked for ({@code tool-not-found}, ...). */
public class NotFound extends RejectedException {

    private final String code;

    public NotFound(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public static NotFound tool(String toolId) {
        return new NotFound("tool-not-found", "No tool has the id '" + toolId + "'.");
    }

    public static NotFound comparison(String comparisonId) {
        return new NotFound("comparison-not-found", "No comparison has the id '" + comparisonId + "'.");
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int status() {
        return 404;
    }
}
