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
            // the garbage and the unknown type under keys of their own; the unprojectable edit holds the tool's
            // votes after it (d, e) behind it, in order
            stream.forEach(value -> producer.send(new ProducerRecord<>(TOPIC,
                    value == garbage ? "garbage" : value == unknownType ? "unheard" : tool, value)));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> card = jdbc.sql("SELECT community_ship, community_skip FROM tool_card WHERE tool_id = ?")
                    .param(tool).query().listOfRows();
            assertThat(card).hasSize(1);
            assertThat(card.get(0)).containsEntry("community_ship", 2).containsEntry("community_skip", 1);
            assertThat(jdbc.sql("SELECT count(*) FROM dead_letter WHERE state = 'WAITING'").query(Long.class).single())
                    .isEqualTo(2);
        });
        Http http = new Http("http://127.0.0.1:" + port);
        String admin = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "root", List.of("admin"), null, Duration.ofHours(1));
        JsonNode parked = http.get("/api/v1/admin/dead-letters", admin).json();
        assertThat(parked).hasSize(3);
        assertThat(parked.findValuesAsText("error")).anyMatch(e -> e.contains("colour"));
        assertThat(parked.findValuesAsText("type")).contains("io.shiporskip.Unheard.v9", "io.shiporskip.ToolEdited.v1");
        assertThat(http.get("/actuator/health", null).json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(http.send("GET", "/actuator/prometheus", null, null, "text/plain").body())
                .contains("shiporskip_projector_dead_letters_parked 3.0")
                .contains("shiporskip_projector_dead_letters_waiting 2.0");
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
        assertThat(http.get("/api/v1/admin/dead-letters?state=WAITING", admin).json()).isEmpty();
        // skipping the edit released the votes that waited behind it
        assertThat(jdbc.sql("SELECT community_ship, community_skip FROM tool_card WHERE tool_id = ?").param(tool)
                .query().singleRow()).containsEntry("community_ship", 3).containsEntry("community_skip", 2);
        assertThat(http.get("/actuator/health", null).json().get("status").asText()).isEqualTo("UP");
        assertThat(http.post("/api/v1/admin/dead-letters/" + stillFailing + "/skip", admin, Map.of("reason", "again")).status())
                .isEqualTo(404);
    }

    /**
     * A retry that succeeds: the event failed for a reason outside it (here a trigger an operator left on the card
     * table, refusing this tool's ship votes), is parked, the cause is removed, and the retry applies it.
     */
    @Test
    void a_parked_event_is_retried_once_its_cause_is_fixed_and_the_read_model_shows_it() {
        String tool = "fixable-tool";
        String schema = "read_model_g" + jdbc.sql("SELECT current FROM read_model.generation WHERE id = 1")
                .query(Integer.class).single();
        jdbc.sql("CREATE FUNCTION " + schema + ".refuse_fixable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.tool_id = 'fixable-tool' AND NEW.community_ship > 0 THEN "
                + "RAISE EXCEPTION 'fixable-tool is frozen by a stray trigger'; END IF; RETURN NEW; END $$").update();
        jdbc.sql("CREATE TRIGGER refuse_fixable BEFORE INSERT OR UPDATE ON " + schema + ".tool_card "
                + "FOR EACH ROW EXECUTE FUNCTION " + schema + ".refuse_fixable()").update();
        String shipId = UUID.randomUUID().toString();
        byte[] ship = codec.write(codec.envelope(new VoteCast(tool, "fan", Choice.SHIP), shipId, "/test", Instant.now(),
                new CloudEventCodec.Provenance("fan", "voter", null, UUID.randomUUID().toString()), 2L));
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : List.of(
                    event(new ToolListed(tool, "Fixable", "t", "d", "c", new Pricing(PricingModel.FREE, "Free", "x"), "b")),
                    ship, event(new VoteCast(tool, "critic", Choice.SKIP)))) {
                producer.send(new ProducerRecord<>(TOPIC, tool, value));
            }
            producer.flush();
        }
        Http http = new Http("http://127.0.0.1:" + port);
        String admin = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "root", List.of("admin"), null, Duration.ofHours(1));
        // the ship vote is parked, the skip vote after it waits behind it
        JsonNode[] letter = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            letter[0] = null;
            http.get("/api/v1/admin/dead-letters", admin).json().forEach(l -> {
                if (shipId.equals(l.get("eventId").asText())) {
                    letter[0] = l;
                }
            });
            assertThat(letter[0]).isNotNull();
            assertThat(card(tool)).containsEntry("community_ship", 0).containsEntry("community_skip", 0);
            assertThat(http.get("/api/v1/admin/dead-letters?state=WAITING", admin).json()).hasSize(1);
        });
        assertThat(letter[0].get("error").asText()).contains("frozen");
        long id = letter[0].get("id").asLong();
        assertThat(http.post("/api/v1/admin/dead-letters/" + id + "/retry", admin, Map.of()).status())
                .as("still failing while the cause is there").isEqualTo(409);

        jdbc.sql("DROP TRIGGER refuse_fixable ON " + schema + ".tool_card").update();
        Http.Reply retried = http.post("/api/v1/admin/dead-letters/" + id + "/retry", admin, Map.of());
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("state").asText()).isEqualTo("RETRIED");
        assertThat(retried.json().get("resolvedBy").asText()).isEqualTo("root");
        assertThat(card(tool)).containsEntry("community_ship", 1).containsEntry("community_skip", 1);
        assertThat(jdbc.sql("SELECT count(*) FROM applied_event WHERE event_id = ?").param(shipId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(http.get("/api/v1/admin/dead-letters", admin).json().findValuesAsText("eventId")).doesNotContain(shipId);
        assertThat(http.get("/api/v1/admin/dead-letters?state=RETRIED", admin).json().findValuesAsText("subject"))
                .as("the parked vote and the one that waited behind it").filteredOn(tool::equals).hasSize(2);
        assertThat(http.get("/api/v1/admin/dead-letters?state=RETRIED", admin).json().findValuesAsText("eventId"))
                .contains(shipId);
    }

    private Map<String, Object> card(String tool) {
        List<Map<String, Object>> card = jdbc.sql("SELECT community_ship, community_skip FROM tool_card WHERE tool_id = ?")
                .param(tool).query().listOfRows();
        assertThat(card).hasSize(1);
        return card.get(0);
    }
}
