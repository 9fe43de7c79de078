package io.shiporskip.query.comparisons;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.shiporskip.query.pagecache.Subjects;
import io.shiporskip.query.tools.ToolCard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * A current {@link ComparisonPage} without its {@code asOf}: what the page cache stores. Its JSON is the page's up to
 * {@code asOf}, which is added as each answer is sent (the fields are in the same order).
 */
record CurrentPage(String id, String title, List<ToolCard> tools, @JsonIgnore List<String> toolIds) {

    private static final byte[] AS_OF = ",\"asOf\":".getBytes(StandardCharsets.UTF_8);

    /**
     * What the page was read from: its comparison and every tool it lists, found or not (a tool projected after the
     * comparison appears on the page when its card is written).
     */
    Set<String> subjects() {
        Set<String> subjects = new HashSet<>();
        subjects.add(Subjects.comparison(id));
        toolIds.forEach(toolId -> subjects.add(Subjects.tool(toolId)));
        return subjects;
    }

    /** {@code {...page...}} + {@code asOf} = {@code {...page...,"asOf":<asOf>}}. */
    static byte[] withAsOf(byte[] pageJson, byte[] asOfJson) {
        if (pageJson.length < 2 || pageJson[pageJson.length - 1] != '}') {
            throw new IllegalArgumentException("not a JSON object");
        }
        byte[] out = Arrays.copyOf(pageJson, pageJson.length - 1 + AS_OF.length + asOfJson.length + 1);
        System.arraycopy(AS_OF, 0, out, pageJson.length - 1, AS_OF.length);
        System.arraycopy(asOfJson, 0, out, pageJson.length - 1 + AS_OF.length, asOfJson.length);
        out[out.length - 1] = '}';
        return out;
    }
}
