package io.shiporskip.query.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTagsTest {

    private static String tagOf(String json) {
        return EntityTags.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTagIsAWeakQuotedDigestOfTheBody() {
        assertThat(tagOf("{\"version\":1,\"community\":{\"ship\":0}}")).matches("W/\"[0-9a-f]{24}\"");
    }

    @Test
    void theSameBodyHasTheSameTagAndAChangedTallyAnother() {
        String before = "{\"version\":1,\"community\":{\"ship\":0}}";
        String after = "{\"version\":1,\"community\":{\"ship\":1}}";
        assertThat(tagOf(before)).isEqualTo(tagOf(new String(before)));
        assertThat(tagOf(after)).isNotEqualTo(tagOf(before));
    }
}
