package io.shiporskip.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.evolution.ToolEditedV2;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.PublishedType;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.projector.verification.ReadModelVerification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real evolution: the projector after {@code ToolEdited} moved to a test-only v2 (a field renamed, one added) reads
 * the v1 records already on the topic (with and without the content-type header) and the v1 rows in the event store,
 * next to v2 ones: nothing is parked, the tool card is what the events say, and a rebuild from the store equals it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolEditedEvolutionIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String TOOL = "evolving-tool";
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "evolution-it-" + UUID.randomUUID());
    }

    @TestConfiguration
    static class AfterTheChange {
        @Bean
        @Primary
        EventDecoder toolEditedAtV2() {
            return ToolEditedV2.decoder();
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadModelVerification verification;

    /** How the relay wrote events before the change: ToolEdited at v1. */
    private final CloudEventCodec before = new CloudEventCodec();
    private final Instant at = Instant.parse("2026-11-25T10:00:00Z");

    private record Sent(CloudEvent envelope, String payloadType, int revision) {
    }

    private Sent v1(ShipOrSkipEvent event, long position) {
        CloudEvent envelope = before.envelope(event, UUID.randomUUID().toString(), at.plusSeconds(position),
                new CloudEventCodec.Provenance("ed", "editor", null, UUID.randomUUID().toString()), position);
        return new Sent(envelope, event.getClass().getName(), 1);
    }

    private Sent v2(ToolEdited edit, long position) {
        CloudEvent envelope = before.envelope(new PublishedType("ToolEdited", 2), edit.subject(),
                ToolEditedV2.data(edit, "import"), UUID.randomUUID().toString(), CloudEvent.SOURCE,
                at.plusSeconds(position), new CloudEventCodec.Provenance("ed", "editor", "bulk", "c-" + position),
                position);
        return new Sent(envelope, ToolEdited.class.getName(), 2);
    }

    @Test
    void v1RecordsOnTheTopicAndV1RowsInTheStoreReadAfterTheChange() {
        List<Sent> history = List.of(
                v1(new ToolListed(TOOL, "Evolving", "Old tagline", "d", "Developer Tools",
                        new Pricing(PricingModel.FREE, "Free", "none"), "b"), 1),
                v1(new ToolEdited(TOOL, 2, List.of(new FieldChange("tagline", "Old tagline", "New tagline"))), 2),
                v1(new VoteCast(TOOL, "alice", Choice.SHIP), 3),
                v2(new ToolEdited(TOOL, 3, List.of(new FieldChange("name", "Evolving", "Evolved"))), 4));
        store(history);
        publish(history);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT name, tagline, version, community_ship FROM tool_card WHERE tool_id = ?")
                .param(TOOL).query().listOfRows())
                .singleElement().satisfies(card -> assertThat(card)
                        .containsEntry("name", "Evolved").containsEntry("tagline", "New tagline")
                        .containsEntry("version", 3).containsEntry("community_ship", 1)));

        assertThat(jdbc.sql("SELECT count(*) FROM dead_letter").query(Long.class).single()).isZero();
        // the audit log holds one shape: the v1 edit upcast to v2 (editedVia of an edit from before the field: api)
        JsonNode v1Edit = readTree(jdbc.sql("SELECT data::text FROM event_log WHERE event_id = ?")
                .param(history.get(1).envelope().id()).query(String.class).single());
        assertThat(v1Edit.get("editedVia").asText()).isEqualTo("api");
        assertThat(v1Edit.get("fieldChanges").get(0).get("to").asText()).isEqualTo("New tagline");
        assertThat(jdbc.sql("SELECT type FROM event_log ORDER BY position").query(String.class).list())
                .containsExactly("ToolListed", "ToolEdited", "VoteCast", "ToolEdited");

        // each row names the version its data is in: the v1 rows were upcast when projected, so all are current
        assertThat(jdbc.sql("SELECT type || '.v' || version FROM event_log ORDER BY position").query(String.class).list())
                .containsExactly("ToolListed.v1", "ToolEdited.v2", "VoteCast.v1", "ToolEdited.v2");

        // the v1 edit's row as a projector from before the change wrote it (v1 shape, version 1): the proof compares
        // it with the recomputed v2 row after upcasting, so a version change needs no rebuild to prove equal
        jdbc.sql("UPDATE event_log SET version = 1, data = ?::jsonb WHERE event_id = ?")
                .params(history.get(1).envelope().data().toString(), history.get(1).envelope().id()).update();

        // the equality proof, twice at once as two projector instances would run it (in one instance they queue),
        // beside scratch schemas that runs which died left behind (this release's name and the older fixed one)
        jdbc.sql("CREATE SCHEMA read_model_verify_abandoned").update();
        jdbc.sql("CREATE TABLE read_model_verify_abandoned.tool_card (tool_id TEXT)").update();
        jdbc.sql("CREATE SCHEMA read_model_verify").update();
        List<CompletableFuture<ReadModelVerification.Result>> proofs = List.of(
                CompletableFuture.supplyAsync(verification::run), CompletableFuture.supplyAsync(verification::run));
        for (CompletableFuture<ReadModelVerification.Result> running : proofs) {
            ReadModelVerification.Result proof = running.join();
            assertThat(proof.eventsReplayed()).isEqualTo(history.size());
            assertThat(proof.differences()).as(proof.tables().toString()).isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'read\\_model\\_verify%'")
                .query(Long.class).single()).as("scratch schemas left").isZero();
    }

    /** The rows Axon stored: each at the version it was written in, its metadata under the contract's keys. */
    private void store(List<Sent> history) {
        jdbc.sql("CREATE SCHEMA IF NOT EXISTS event_store").update();
        jdbc.sql("""
                CREATE TABLE IF NOT EXISTS event_store.domain_event_entry (
                    global_index BIGSERIAL PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE,
                    aggregate_identifier TEXT NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),
                    payload_type VARCHAR(255) NOT NULL, payload_revision VARCHAR(255), payload BYTEA NOT NULL,
                    meta_data BYTEA, time_stamp VARCHAR(255) NOT NULL)""").update();
        long sequence = 0;
        for (Sent s : history) {
            CloudEvent e = s.envelope();
            String meta = JSON.createObjectNode().put("actorId", e.actorid()).put("actorRole", e.actorrole())
                    .put("reason", e.reason()).put("commandId", e.commandid()).toString();
            jdbc.sql("""
                    INSERT INTO event_store.domain_event_entry (global_index, event_identifier, aggregate_identifier,
                        sequence_number, type, payload_type, payload_revision, payload, meta_data, time_stamp)
                    VALUES (?, ?, ?, ?, 'Tool', ?, ?, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'), ?)""")
                    .params(e.position(), e.id(), TOOL, sequence++, s.payloadType(), String.valueOf(s.revision()),
                            e.data().toString(), meta, e.time().toString())
                    .update();
        }
    }

    /** The first record as written before the relay set the content-type header, the rest with it. */
    private void publish(List<Sent> history) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < history.size(); i++) {
                RecordHeaders headers = new RecordHeaders();
                if (i > 0) {
                    headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                }
                producer.send(new ProducerRecord<>(TOPIC, null, TOOL, before.write(history.get(i).envelope()), headers));
            }
            producer.flush();
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
