package io.shiporskip.contracts.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.golden.GoldenSamples;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolStateSnapshotTest {

    /** The golden sample's content, written out by hand. */
    static final ToolStateSnapshot GOLDEN = new ToolStateSnapshot("SmolVLM 2.5", "A small vision-language model",
            "Runs on a laptop; reads charts and screenshots.", "Vision", PricingModel.OPEN_SOURCE, "Free",
            "Apache-2.0 weights", "On-device captioning", 3, true, Map.of(
                    Persona.BUILDER, new ToolStateSnapshot.Review(88, Verdict.SHIP, "Fast enough on CPU."),
                    Persona.SKEPTIC, new ToolStateSnapshot.Review(41, Verdict.SKIP, "Hallucinates small text.")));

    @Test
    void reads_the_golden_sample() {
        assertThat(ToolStateSnapshot.fromJson(GoldenSamples.toolStateSnapshot().toString())).isEqualTo(GOLDEN);
    }

    @Test
    void writes_the_golden_sample() throws Exception {
        assertThat(new ObjectMapper().readTree(GOLDEN.toJson())).isEqualTo(GoldenSamples.toolStateSnapshot());
    }

    @Test
    void a_tool_without_visible_takes_has_an_empty_review_object() throws Exception {
        ToolStateSnapshot bare = new ToolStateSnapshot("n", "t", "d", "c", PricingModel.FREE, "Free", "x", "b", 1,
                false, Map.of());
        assertThat(new ObjectMapper().readTree(bare.toJson()).get("reviews").isEmpty()).isTrue();
        assertThat(ToolStateSnapshot.fromJson(bare.toJson())).isEqualTo(bare);
    }

    @Test
    void a_field_added_by_a_newer_writer_does_not_break_a_reader() {
        String newer = GoldenSamples.toolStateSnapshot().toString().replaceFirst("\\{", "{\"addedLater\":42,");
        assertThat(ToolStateSnapshot.fromJson(newer)).isEqualTo(GOLDEN);
    }

    @Test
    void invalid_json_is_refused_clearly() {
        assertThatThrownBy(() -> ToolStateSnapshot.fromJson("{\"version\": \"three\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a tool state snapshot");
    }
}
