package io.shiporskip.query.pagecache;

/**
 * What read models announce as changed (the projector's db/migration V9 writes the same prefixes), and the keys of
 * the answers cached for them: a tool's card is cached under its own subject.
 */
public final class Subjects {

    public static final String TOOL = "tool:";
    public static final String COMPARISON = "comparison:";

    private Subjects() {
    }

    public static String tool(String toolId) {
        return TOOL + toolId;
    }

    public static String comparison(String comparisonId) {
        return COMPARISON + comparisonId;
    }
}
