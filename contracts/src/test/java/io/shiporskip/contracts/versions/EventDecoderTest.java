package io.shiporskip.contracts.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.evolution.ToolEditedV2;
import io.shiporskip.contracts.golden.GoldenSamples;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDecoderTest {

    private static final ToolEdited GOLDEN_EDIT = new ToolEdited("smolvlm-2-5", 3, List.of(
            new FieldChange("tagline", "A small vision model", "The small vision model"),
            new FieldChange("pricing.entry", "Free", "$0")));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventDecoder decoder = EventDecoder.standard();

    @Test
    void everyGoldenSampleOfEveryPublishedVersionDecodesAndTheCurrentOnesWriteBackUnchanged() throws Exception {
        assertThat(GoldenSamples.everyPublishedVersion()).hasSize(EventCatalog.all().size());
        for (PublishedType type : GoldenSamples.everyPublishedVersion()) {
            JsonNode golden = GoldenSamples.data(type);
            var event = decoder.decode(type.cloudEventType(), golden);
            assertThat(EventCatalog.of(event.getClass()).name()).isEqualTo(type.name());
            if (type.version() == decoder.currentVersion(type.name())) {
                // as text and read back: a long written as 3 reads back as the same int node as the sample's 3
                assertThat(JSON.readTree(decoder.encode(event).toString())).as(type.cloudEventType()).isEqualTo(golden);
            }
        }
    }

    @Test
    void goldenSamplesReadAsTheRecordsTheySpellOut() {
        assertThat(decoder.decode("io.shiporskip.VoteChanged.v1", GoldenSamples.data(new PublishedType("VoteChanged", 1))))
                .isEqualTo(new VoteChanged("smolvlm-2-5", "alice", Choice.SHIP, Choice.SKIP));
        assertThat(decoder.decode("io.shiporskip.ToolEdited.v1", GoldenSamples.data(new PublishedType("ToolEdited", 1))))
                .isEqualTo(GOLDEN_EDIT);
        assertThat(decoder.decode("io.shiporskip.PanelReviewSubmitted.v1",
                GoldenSamples.data(new PublishedType("PanelReviewSubmitted", 1))))
                .isEqualTo(new PanelReviewSubmitted("smolvlm-2-5", Persona.SKEPTIC, 61, Verdict.SHIP,
                        "Good enough for demos.", 2));
        assertThat(decoder.decode("io.shiporskip.ToolListed.v1", GoldenSamples.data(new PublishedType("ToolListed", 1))))
                .isInstanceOfSatisfying(ToolListed.class, t -> assertThat(t.pricing().details()).isEqualTo("Apache-2.0 weights"));
    }

    @Test
    void afterATestOnlyV2OfToolEditedTheV1SampleUpcastsToTheV2SampleAndBothReadAsTheSameEdit() {
        EventDecoder afterChange = ToolEditedV2.decoder();
        JsonNode v1 = GoldenSamples.data(new PublishedType("ToolEdited", 1));
        JsonNode v2 = GoldenSamples.testOnly(new PublishedType("ToolEdited", 2));

        assertThat(afterChange.currentVersion("ToolEdited")).isEqualTo(2);
        assertThat(afterChange.upcast("ToolEdited", 1, v1)).isEqualTo(v2);
        assertThat(v1.has("fieldChanges")).as("the upcast works on a copy").isFalse();
        assertThat(afterChange.decode("io.shiporskip.ToolEdited.v1", v1)).isEqualTo(GOLDEN_EDIT);
        assertThat(afterChange.decode("io.shiporskip.ToolEdited.v2", v2)).isEqualTo(GOLDEN_EDIT);
        // every other type reads as before the change
        for (PublishedType type : GoldenSamples.everyPublishedVersion()) {
            assertThat(afterChange.decode(type.cloudEventType(), GoldenSamples.data(type)))
                    .isEqualTo(decoder.decode(type.cloudEventType(), GoldenSamples.data(type)));
        }
    }

    @Test
    void withoutTheUpcastTheV1ShapeCannotBeReadAsV2() {
        EventDecoder noUpcast = ToolEditedV2.decoder().withReader("ToolEdited", data -> {
            throw new IllegalStateException("unused");
        });
        assertThatThrownBy(() -> new EventDecoder(List.of(new EventType("ToolEdited", 2, ToolEdited.class)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ToolEdited.v1 was published");
        assertThat(noUpcast.currentVersion("ToolEdited")).isEqualTo(2);
    }

    @Test
    void aVersionNewerThanTheCurrentOneOrAnUnknownTypeIsRefusedRatherThanGuessed() {
        JsonNode data = GoldenSamples.data(new PublishedType("VoteChanged", 1));
        assertThatThrownBy(() -> decoder.decode("io.shiporskip.VoteChanged.v2", data))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("no version 2");
        assertThatThrownBy(() -> decoder.decode("io.shiporskip.Nope.v1", data))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("unknown event type Nope");
        assertThatThrownBy(() -> decoder.decode("com.example.VoteChanged", data))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void anUpcastToNoCurrentVersionIsRefusedWhenTheDecoderIsBuilt() {
        assertThatThrownBy(() -> new EventDecoder(EventCatalog.all(), List.of(ToolEditedV2.V1_TO_V2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leads to no current version");
    }
}
