package io.shiporskip.projector;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.tokens.DevTokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events the projector cannot apply never stall their partition: after a few failed attempts (the database being
 * fine) they are parked as dead letters, the rest is applied, health turns DEGRADED, and an admin retries or skips.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
class DeadLetterIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "dead-letter-it-" + UUID.randomUUID());
        registry.add("shiporskip.retry-backoff", () -> "50ms");
    }

    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private final CloudEventCodec codec = new CloudEventCodec();

    private byte[] event(ShipOrSkipEvent event) {
        return codec.write(codec.envelope(event, UUID.randomUUID().toString(), "/test", Instant.now(),
                new CloudEventCodec.Provenance("tester", "voter", null, UUID.randomUUID().toString()), 1L));
    }

    @Test
    void poison_events_are_parked_and_the_partition_goes_on() {
        String tool = "poisoned-tool";
        byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
        byte[] unknownType = ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/x\","
                + "\"type\":\"io.shiporskip.Unheard.v9\",\"subject\":\"" + tool + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        byte[] unprojectable = event(new ToolEdited(tool, 2, List.of(new FieldChange("colour", "red", "blue"))));
        List<byte[]> stream = List.of(
                event(new ToolListed(tool, "Poisoned", "t", "d", "c", new Pricing(PricingModel.FREE, "Free", "x"), "b")),
                event(new VoteCast(tool, "a", Choice.SHIP)), event(new VoteCast(tool, "b", Choice.SHIP)),
                garbage, event(new VoteCast(tool, "c", Choice.SKIP)), unknownType, unprojectable,
                event(new VoteCast(tool, "d", Choice.SHIP)), event(new VoteCast(tool, "e", Choice.SKIP)));
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            stream.forEach(value -> producer.send(new ProducerRecord<>(TOPIC, tool, value)));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> card = jdbc.sql("SELECT community_ship, community_skip FROM tool_card WHERE tool_id = ?")
                    .param(tool).query().listOfRows();
            assertThat(card).hasSize(1);
            assertThat(card.get(0)).containsEntry("community_ship", 3).containsEntry("community_skip", 2);
        });
        Http http = new Http("http://127.0.0.1:" + port);
        String admin = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "root", List.of("admin"), null, Duration.ofHours(1));
        JsonNode parked = http.get("/api/v1/admin/dead-letters", admin).json();
        assertThat(parked).hasSize(3);
        assertThat(parked.findValuesAsText("error")).anyMatch(e -> e.contains("colour"));
        assertThat(parked.findValuesAsText("type")).contains("io.shiporskip.Unheard.v9", "io.shiporskip.ToolEdited.v1");
        assertThat(http.get("/actuator/health", null).json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(http.send("GET", "/actuator/prometheus", null, null, "text/plain").body())
                .contains("shiporskip_projector_dead_letters_parked 3.0");
        assertThat(http.get("/api/v1/admin/dead-letters", DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "v",
                List.of("voter"), null, Duration.ofHours(1))).status()).isEqualTo(403);

        long stillFailing = parked.get(0).get("id").asLong();
        Http.Reply retry = http.post("/api/v1/admin/dead-letters/" + stillFailing + "/retry", admin, Map.of());
        assertThat(retry.status()).isEqualTo(409);
        for (JsonNode letter : parked) {
            Http.Reply skipped = http.post("/api/v1/admin/dead-letters/" + letter.get("id").asLong() + "/skip", admin,
                    Map.of("reason", "Not ours; reported upstream"));
            assertThat(skipped.status()).isEqualTo(200);
            assertThat(skipped.json().get("state").asText()).isEqualTo("SKIPPED");
            assertThat(skipped.json().get("resolvedBy").asText()).isEqualTo("root");
        }
        assertThat(http.get("/api/v1/admin/dead-letters", admin).json()).isEmpty();
        assertThat(http.get("/actuator/health", null).json().get("status").asText()).isEqualTo("UP");
        assertThat(http.post("/api/v1/admin/dead-letters/" + stillFailing + "/skip", admin, Map.of("reason", "again")).status())
                .isEqualTo(404);
    }
}
