package io.shiporskip.contracts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.evolution.ToolEditedV2;
import io.shiporskip.contracts.versions.UnreadableEventException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {

    private final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void aVoteChangeTravelsAsAStructuredCloudEventAndReadsBackToTheSameRecord() throws Exception {
        VoteChanged event = new VoteChanged("smolvlm-2-5", "alice", Choice.SHIP, Choice.SKIP);
        CloudEvent envelope = codec.envelope(event, "e-1", "/shiporskip/command-service",
                Instant.parse("2026-11-25T10:15:30Z"), new CloudEventCodec.Provenance("alice", "voter", null, "c-1"), 42L);

        byte[] bytes = codec.write(envelope);
        JsonNode json = new ObjectMapper().readTree(bytes);

        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("type").asText()).isEqualTo("io.shiporskip.VoteChanged.v1");
        assertThat(json.get("subject").asText()).isEqualTo("smolvlm-2-5");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-25T10:15:30Z");
        assertThat(json.get("data").get("from").asText()).isEqualTo("SHIP");
        assertThat(json.has("reason")).isFalse();
        assertThat(json.get("commandid").asText()).isEqualTo("c-1");
        assertThat(codec.payload(codec.read(bytes))).isEqualTo(event);
    }

    @Test
    void anUnknownTypeIsRefusedRatherThanGuessed() {
        byte[] bytes = """
                {"specversion":"1.0","id":"x","source":"s","type":"io.shiporskip.Nope.v9","subject":"t","data":{}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.payload(codec.read(bytes)))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void aValueWrittenByTheHandWrittenCodecBeforeTheSdkStillReads() {
        // a record value as the relay wrote it before it used the SDK (and before it set the content-type header)
        byte[] legacy = """
                {"specversion":"1.0","id":"e-7","source":"/shiporskip/command-service","type":"io.shiporskip.VoteChanged.v1",\
                "subject":"smolvlm-2-5","time":"2026-11-25T17:39:53.412Z","datacontenttype":"application/json",\
                "actorid":"alice","actorrole":"voter","position":42,"commandid":"c-7",\
                "data":{"toolId":"smolvlm-2-5","voterId":"alice","from":"SHIP","to":"SKIP"}}""".getBytes(StandardCharsets.UTF_8);

        CloudEvent read = codec.read(legacy);

        assertThat(read).isEqualTo(new CloudEvent("1.0", "e-7", "/shiporskip/command-service",
                "io.shiporskip.VoteChanged.v1", "smolvlm-2-5", Instant.parse("2026-11-25T17:39:53.412Z"),
                "application/json", "alice", "voter", null, 42L, "c-7", read.data()));
        assertThat(codec.payload(read)).isEqualTo(new VoteChanged("smolvlm-2-5", "alice", Choice.SHIP, Choice.SKIP));
    }

    @Test
    void aPositionBeyondTheCloudEventsIntegerRangeTravelsAsItsStringForm() throws Exception {
        CloudEvent envelope = codec.envelope(new VoteChanged("t", "v", Choice.SHIP, Choice.SKIP), "e-2",
                Instant.parse("2026-11-25T10:15:30.123456Z"), new CloudEventCodec.Provenance("v", "voter", "why", "c"),
                3_000_000_000L);

        byte[] bytes = codec.write(envelope);

        assertThat(new ObjectMapper().readTree(bytes).get("position").asText()).isEqualTo("3000000000");
        assertThat(codec.read(bytes)).isEqualTo(envelope);
    }

    @Test
    void aV1EditOnTheWireReadsAfterToolEditedMovedToV2() {
        ToolEdited edit = new ToolEdited("t", 2, List.of(new io.shiporskip.contracts.catalog.FieldChange("name", "A", "B")));
        byte[] v1 = codec.write(codec.envelope(edit, "e-3", Instant.parse("2026-11-25T10:15:30Z"),
                new CloudEventCodec.Provenance("ed", "editor", null, "c"), 5L));

        assertThat(new CloudEventCodec(ToolEditedV2.decoder()).payload(codec.read(v1))).isEqualTo(edit);
    }

    @Test
    void everyCatalogTypeHasAUniqueVersionedCloudEventType() {
        assertThat(EventCatalog.all()).extracting(EventType::cloudEventType).doesNotHaveDuplicates()
                .allMatch(t -> t.matches("io\\.shiporskip\\.[A-Z][A-Za-z]+\\.v[0-9]+"));
    }
}
