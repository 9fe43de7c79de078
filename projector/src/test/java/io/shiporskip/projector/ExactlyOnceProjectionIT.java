package io.shiporskip.projector;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.projector.consumer.Projection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector against a real broker and PostgreSQL: events delivered twice and a batch whose transaction fails
 * midway still leave every vote counted exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExactlyOnceProjectionIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String POISON_ONCE_ID = "fails-twice-" + UUID.randomUUID();
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger(2);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "projector-it-" + UUID.randomUUID());
        registry.add("shiporskip.retry-backoff", () -> "100ms");
        registry.add("shiporskip.max-poll-records", () -> "50");
    }

    /** Fails the transaction of whichever batch carries one chosen event, twice, after other rows were written. */
    @TestConfiguration
    static class FailingTransaction {
        @Bean
        Projection failsTwice() {
            return (event, envelope) -> {
                if (envelope.id().equals(POISON_ONCE_ID) && FAILURES_LEFT.getAndDecrement() > 0) {
                    throw new IllegalStateException("injected failure mid-batch");
                }
            };
        }
    }

    @Autowired
    JdbcClient jdbc;

    private final CloudEventCodec codec = new CloudEventCodec();
    private long position;

    private CloudEvent envelope(ShipOrSkipEvent event, String id) {
        return codec.envelope(event, id, "/test", Instant.now(),
                new CloudEventCodec.Provenance("tester", "voter", null, UUID.randomUUID().toString()), ++position);
    }

    @Test
    void every_vote_counts_once_despite_redelivery_and_a_failed_batch() {
        String tool = "exact-tool";
        List<CloudEvent> stream = new ArrayList<>();
        stream.add(envelope(new ToolListed(tool, "Exact", "t", "d", "c",
                new Pricing(PricingModel.FREE, "Free", "none"), "b"), UUID.randomUUID().toString()));
        int ship = 0;
        int skip = 0;
        for (int i = 0; i < 300; i++) {
            Choice choice = i % 3 == 0 ? Choice.SKIP : Choice.SHIP;
            String id = i == 150 ? POISON_ONCE_ID : UUID.randomUUID().toString();
            stream.add(envelope(new VoteCast(tool, "voter-" + i, choice), id));
            if (choice == Choice.SHIP) ship++; else skip++;
        }
        for (int i = 0; i < 30; i++) {
            stream.add(envelope(new VoteChanged(tool, "voter-" + (i * 3 + 1), Choice.SHIP, Choice.SKIP), UUID.randomUUID().toString()));
            ship--;
            skip++;
        }
        for (int i = 0; i < 20; i++) {
            stream.add(envelope(new VoteRetracted(tool, "voter-" + (i * 3), Choice.SKIP), UUID.randomUUID().toString()));
            skip--;
        }
        // the relay is at-least-once: replay a stretch of the stream, same ids
        List<CloudEvent> withRedelivery = new ArrayList<>(stream);
        withRedelivery.addAll(stream.subList(100, 200));

        publish(tool, withRedelivery);

        int expectedShip = ship;
        int expectedSkip = skip;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> cards = jdbc.sql("SELECT community_ship, community_skip FROM tool_card WHERE tool_id = ?")
                    .param(tool).query().listOfRows();
            assertThat(cards).hasSize(1);
            assertThat(cards.get(0)).containsEntry("community_ship", expectedShip).containsEntry("community_skip", expectedSkip);
            assertThat(committedOffsets()).isEqualTo(withRedelivery.size());
        });
        assertThat(FAILURES_LEFT.get()).isNegative();
        assertThat(jdbc.sql("SELECT count(*) FROM applied_event").query(Long.class).single()).isEqualTo(stream.size());
        assertThat(jdbc.sql("SELECT name FROM tool_card WHERE tool_id = ?").param(tool).query(String.class).single())
                .isEqualTo("Exact");
    }

    private long committedOffsets() {
        return jdbc.sql("SELECT coalesce(sum(next_offset), 0) FROM projection_offset WHERE topic = ?")
                .param(TOPIC).query(Long.class).single();
    }

    private void publish(String key, List<CloudEvent> events) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (CloudEvent e : events) {
                producer.send(new ProducerRecord<>(TOPIC, key, codec.write(e)));
            }
            producer.flush();
        }
    }
}
