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
import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.generations.Generations;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters keep a subject's order: once an event of a tool is parked, the later events of that tool wait behind it
 * (other tools go on), and a retry applies the parked one and then the waiting ones in order, so the card ends equal
 * to one built from the same events in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterOrderIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final int SCRATCH_GENERATION = 901;
    private static final String TOOL = "ordered-tool";
    private static final String OTHER = "bystander-tool";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.consumer-group", () -> "dead-letter-order-it-" + UUID.randomUUID());
        registry.add("shiporskip.retry-backoff", () -> "50ms");
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventReplay replay;
    @Autowired
    Generations generations;
    @LocalServerPort
    int port;

    private final CloudEventCodec codec = new CloudEventCodec();
    private final List<byte[]> sent = new ArrayList<>();
    private long position;

    private byte[] event(ShipOrSkipEvent event, String id) {
        return codec.write(codec.envelope(event, id, "/test", Instant.now(),
                new CloudEventCodec.Provenance("tester", "editor", null, UUID.randomUUID().toString()), ++position));
    }

    private void send(KafkaProducer<String, byte[]> producer, ShipOrSkipEvent event, String id) {
        byte[] value = event(event, id);
        sent.add(value);
        producer.send(new ProducerRecord<>(TOPIC, event.subject(), value));
        producer.flush();
    }

    @Test
    void a_retry_applies_the_parked_edit_and_the_events_that_waited_behind_it_in_order() throws Exception {
        String schema = Generations.schemaOf(generations.current());
        // a fixable fault outside the event: an operator's stray trigger refuses the tool's second version
        jdbc.sql("CREATE FUNCTION " + schema + ".refuse_v2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.tool_id = '" + TOOL + "' AND NEW.version = 2 THEN "
                + "RAISE EXCEPTION 'version 2 of " + TOOL + " is frozen by a stray trigger'; END IF; RETURN NEW; END $$")
                .update();
        jdbc.sql("CREATE TRIGGER refuse_v2 BEFORE UPDATE ON " + schema + ".tool_card "
                + "FOR EACH ROW EXECUTE FUNCTION " + schema + ".refuse_v2()").update();
        Pricing free = new Pricing(PricingModel.FREE, "Free", "x");
        String poisonId = UUID.randomUUID().toString();
        Http http = new Http("http://127.0.0.1:" + port);
        String admin = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "root", List.of("admin"), null, Duration.ofHours(1));

        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            send(producer, new ToolListed(TOOL, "First", "t1", "d", "c", free, "b"), UUID.randomUUID().toString());
            send(producer, new ToolListed(OTHER, "Other", "o1", "d", "c", free, "b"), UUID.randomUUID().toString());
            send(producer, new ToolEdited(TOOL, 2, List.of(new FieldChange("name", "First", "Second"))), poisonId);
            await().atMost(Duration.ofSeconds(60)).until(() -> parked(http, admin, "PARKED").size() == 1);

            send(producer, new ToolEdited(TOOL, 3, List.of(new FieldChange("name", "Second", "Third"))),
                    UUID.randomUUID().toString());
            send(producer, new ToolEdited(TOOL, 4, List.of(new FieldChange("tagline", "t1", "t4"))),
                    UUID.randomUUID().toString());
            send(producer, new VoteCast(TOOL, "fan", Choice.SHIP), UUID.randomUUID().toString());
            send(producer, new ToolEdited(OTHER, 2, List.of(new FieldChange("name", "Other", "Other two"))),
                    UUID.randomUUID().toString());
            send(producer, new VoteCast(OTHER, "critic", Choice.SKIP), UUID.randomUUID().toString());
        }

        // the other tool goes on at once; the tool's later events wait behind its parked edit
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(card(OTHER)).containsEntry("name", "Other two").containsEntry("version", 2)
                    .containsEntry("community_skip", 1);
            assertThat(card(TOOL)).as("nothing of the tool applied past its parked edit")
                    .containsEntry("name", "First").containsEntry("tagline", "t1").containsEntry("version", 1)
                    .containsEntry("community_ship", 0);
            assertThat(parked(http, admin, "WAITING")).hasSize(3);
        });
        List<JsonNode> head = parked(http, admin, "PARKED");
        assertThat(head).hasSize(1);
        assertThat(head.get(0).get("eventId").asText()).isEqualTo(poisonId);
        assertThat(head.get(0).get("subject").asText()).isEqualTo(TOOL);
        assertThat(parked(http, admin, "WAITING")).allMatch(l -> l.get("subject").asText().equals(TOOL));
        long id = head.get(0).get("id").asLong();
        long waiting = parked(http, admin, "WAITING").get(0).get("id").asLong();
        assertThat(http.post("/api/v1/admin/dead-letters/" + waiting + "/retry", admin, Map.of()).status())
                .as("a waiting event is released by its sequence's first, not on its own").isEqualTo(409);
        assertThat(http.post("/api/v1/admin/dead-letters/" + id + "/retry", admin, Map.of()).status())
                .as("still failing while the cause is there").isEqualTo(409);

        jdbc.sql("DROP TRIGGER refuse_v2 ON " + schema + ".tool_card").update();
        Http.Reply retried = http.post("/api/v1/admin/dead-letters/" + id + "/retry", admin, Map.of());
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("state").asText()).isEqualTo("RETRIED");
        assertThat(parked(http, admin, "PARKED")).isEmpty();
        assertThat(parked(http, admin, "WAITING")).isEmpty();
        assertThat(parked(http, admin, "RETRIED")).hasSize(4);
        assertThat(card(TOOL)).containsEntry("name", "Third").containsEntry("tagline", "t4")
                .containsEntry("version", 4).containsEntry("community_ship", 1);

        // the same events, in the order they were sent, into a scratch generation: every row must be equal
        generations.create(SCRATCH_GENERATION);
        try {
            replay.applyAll(sent, new WriteTarget.Schema(Generations.schemaOf(SCRATCH_GENERATION)));
            String scratch = Generations.schemaOf(SCRATCH_GENERATION);
            assertThat(differences("tool_card", "tool_id, name, tagline, description, category, pricing_model, "
                    + "pricing_entry, pricing_details, best_for, version, locked, listed_at, community_ship, "
                    + "community_skip", scratch)).isZero();
            assertThat(differences("tool_state_history", "tool_id, valid_from, state", scratch)).isZero();
            assertThat(differences("vote_bucket", "tool_id, bucket_start, cast_count, ship, skip", scratch)).isZero();
            assertThat(differences("applied_event", "event_id, subject, type, position", scratch)).isZero();
        } finally {
            generations.drop(SCRATCH_GENERATION);
        }
    }

    private long differences(String table, String columns, String scratch) {
        String serving = "SELECT " + columns + " FROM read_model." + table;
        String rebuilt = "SELECT " + columns + " FROM " + scratch + "." + table;
        return jdbc.sql("SELECT (SELECT count(*) FROM (" + serving + " EXCEPT ALL " + rebuilt + ") a) "
                + "+ (SELECT count(*) FROM (" + rebuilt + " EXCEPT ALL " + serving + ") b)").query(Long.class).single();
    }

    private static List<JsonNode> parked(Http http, String admin, String state) {
        List<JsonNode> letters = new ArrayList<>();
        http.get("/api/v1/admin/dead-letters?state=" + state, admin).json().forEach(letters::add);
        return letters;
    }

    private Map<String, Object> card(String tool) {
        List<Map<String, Object>> card = jdbc.sql("SELECT name, tagline, version, community_ship, community_skip "
                + "FROM tool_card WHERE tool_id = ?").param(tool).query().listOfRows();
        assertThat(card).hasSize(1);
        return card.get(0);
    }
}
