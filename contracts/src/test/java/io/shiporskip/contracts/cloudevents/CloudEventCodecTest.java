package io.shiporskip.contracts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteChanged;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
                .isInstanceOf(CloudEventCodec.UnreadableEventException.class);
    }

    @Test
    void everyCatalogTypeHasAUniqueVersionedCloudEventType() {
        assertThat(EventCatalog.all()).extracting(EventType::cloudEventType).doesNotHaveDuplicates()
                .allMatch(t -> t.matches("io\\.shiporskip\\.[A-Z][A-Za-z]+\\.v[0-9]+"));
    }
}
