package io.shiporskip.query.comparisons;

import io.shiporskip.query.tools.ToolCard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A current {@link ComparisonPage} without its {@code asOf}: what the page cache stores. Its JSON is the page's up to
 * {@code asOf}, which is added as each answer is sent (the fields are in the same order).
 */
record CurrentPage(String id, String title, List<ToolCard> tools) {

    private static final byte[] AS_OF = ",\"asOf\":".getBytes(StandardCharsets.UTF_8);

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
