package io.shiporskip.projector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.golden.GoldenSamples;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector writes {@code tool_state_history} in the form the query service reads: after a history of catalog,
 * panel and lock events that ends in the state of the golden sample (contracts test jar), the last row is that sample.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolStateHistoryIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String TOOL = "smolvlm-2-5";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "state-history-it-" + UUID.randomUUID());
    }

    @Autowired
    JdbcClient jdbc;

    private final CloudEventCodec codec = new CloudEventCodec();
    private long position;

    @Test
    void the_last_state_of_a_tool_is_written_as_the_golden_sample() throws Exception {
        // the golden sample's values, reached by way of edits, a hidden take and a lock; votes write no state
        List<ShipOrSkipEvent> history = List.of(
                new ToolListed(TOOL, "SmolVLM 2.5", "A small vision model",
                        "Runs on a laptop; reads charts and screenshots.", "Vision",
                        new Pricing(PricingModel.OPEN_SOURCE, "Free", "Apache-2.0 weights"), "Captioning"),
                new ToolEdited(TOOL, 2, List.of(new FieldChange("tagline", "A small vision model",
                        "A small vision-language model"))),
                new PanelReviewSubmitted(TOOL, Persona.BUILDER, 88, Verdict.SHIP, "Fast enough on CPU.", 1),
                new VoteCast(TOOL, "alice", Choice.SHIP),
                new PanelReviewSubmitted(TOOL, Persona.FUTURIST, 95, Verdict.SHIP, "Hidden later.", 1),
                new PanelReviewSubmitted(TOOL, Persona.SKEPTIC, 41, Verdict.SKIP, "Hallucinates small text.", 1),
                new PanelReviewHidden(TOOL, Persona.FUTURIST),
                new ToolEdited(TOOL, 3, List.of(new FieldChange("bestFor", "Captioning", "On-device captioning"))),
                new ToolVotingLocked(TOOL));
        publish(history);

        long stateChanges = history.stream().filter(e -> !(e instanceof VoteCast)).count();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT count(*) FROM tool_state_history WHERE tool_id = ?").param(TOOL).query(Long.class).single()
                == stateChanges);
        String last = jdbc.sql("SELECT state::text FROM tool_state_history WHERE tool_id = ? ORDER BY seq DESC LIMIT 1")
                .param(TOOL).query(String.class).single();
        assertThat(new ObjectMapper().readTree(last)).isEqualTo(GoldenSamples.toolStateSnapshot());
    }

    private void publish(List<ShipOrSkipEvent> events) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (ShipOrSkipEvent event : events) {
                CloudEvent envelope = codec.envelope(event, UUID.randomUUID().toString(), "/test", Instant.now(),
                        new CloudEventCodec.Provenance("tester", "admin", null, UUID.randomUUID().toString()),
                        ++position);
                producer.send(new ProducerRecord<>(TOPIC, event.subject(), codec.write(envelope)));
            }
            producer.flush();
        }
    }
}
