package io.shiporskip.command;

import io.shiporskip.contracts.ConsistencyToken;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.EventTopicReader;
import io.shiporskip.infra.testing.EventTopicReader.Received;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.tokens.DevTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.shiporskip.command.TestRequests.tool;
import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

/** The write path against a real PostgreSQL and a real Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommandPathIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Http http() {
        return new Http("http://127.0.0.1:" + port);
    }



    private long storedEvents(String payloadTypeLike) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE ?")
                .param("%" + payloadTypeLike).query(Long.class).single();
    }

    @Test
    void listing_and_voting_reach_kafka_as_cloud_events_in_store_order_under_the_tool_key() {
        String editor = token("ed", "editor");
        Http.Reply listed = http().post("/api/v1/tools", editor, tool("relay-tool"));
        assertThat(listed.status()).isEqualTo(201);
        assertThat(listed.json().get("token").asText()).isNotBlank();
        Http.Reply first = http().put("/api/v1/tools/relay-tool/vote", token("alice", "voter"), Map.of("choice", "SHIP"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("changed").asBoolean()).isTrue();
        assertThat(first.json().get("token").asText()).isNotBlank();
        assertThat(http().put("/api/v1/tools/relay-tool/vote", token("bob", "voter"), Map.of("choice", "SHIP")).status()).isEqualTo(200);
        assertThat(http().put("/api/v1/tools/relay-tool/vote", token("bob", "voter"), Map.of("choice", "SKIP")).status()).isEqualTo(200);
        Http.Reply retracted = http().delete("/api/v1/tools/relay-tool/vote", token("alice", "voter"));
        assertThat(retracted.status()).isEqualTo(204);
        assertThat(retracted.header("Consistency-Token")).isPresent();

        List<Received> received = EventTopicReader.readUntil(TestKafka.bootstrapServers(), TOPIC,
                r -> r.stream().filter(x -> x.key().equals("relay-tool")).count() >= 5, Duration.ofSeconds(30))
                .stream().filter(x -> x.key().equals("relay-tool")).toList();

        assertThat(received).extracting(r -> r.event().type()).containsExactly(
                "io.shiporskip.ToolListed.v1", "io.shiporskip.VoteCast.v1", "io.shiporskip.VoteCast.v1",
                "io.shiporskip.VoteChanged.v1", "io.shiporskip.VoteRetracted.v1");
        assertThat(received).extracting(Received::partition).containsOnly(received.get(0).partition());
        assertThat(received).extracting(r -> r.event().subject()).containsOnly("relay-tool");
        assertThat(received).extracting(r -> r.event().actorid()).containsExactly("ed", "alice", "bob", "bob", "alice");
        assertThat(received).extracting(r -> r.event().actorrole()).containsExactly("editor", "voter", "voter", "voter", "voter");
        assertThat(received).extracting(r -> r.event().position()).isSorted().doesNotHaveDuplicates();
        assertThat(received.get(3).event().data().get("from").asText()).isEqualTo("SHIP");
        assertThat(ConsistencyToken.parse(retracted.header("Consistency-Token").orElseThrow()).orElseThrow().eventId())
                .isEqualTo(received.get(4).event().id());
        assertThat(ConsistencyToken.parse(first.json().get("token").asText()).orElseThrow().eventId())
                .isEqualTo(received.get(1).event().id());
    }

    @Test
    void repeating_a_vote_answers_unchanged_with_a_token_and_stores_no_event() {
        http().post("/api/v1/tools", token("ed", "editor"), tool("repeat-tool"));
        String alice = token("alice", "voter");
        Http.Reply cast = http().put("/api/v1/tools/repeat-tool/vote", alice, Map.of("choice", "SKIP"));
        long before = storedEvents("VoteCast");

        Http.Reply repeat = http().put("/api/v1/tools/repeat-tool/vote", alice, Map.of("choice", "SKIP"));

        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("changed").asBoolean()).isFalse();
        assertThat(repeat.json().get("token").asText()).isEqualTo(cast.json().get("token").asText());
        assertThat(storedEvents("VoteCast")).isEqualTo(before);
    }

    @Test
    void concurrent_first_votes_of_one_voter_store_exactly_one_vote() throws Exception {
        http().post("/api/v1/tools", token("ed", "editor"), tool("race-tool"));
        String carol = token("carol", "voter");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(() -> http().put("/api/v1/tools/race-tool/vote", carol, Map.of("choice", "SHIP")).status());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(attempts)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param("ballot:race-tool:carol").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void voting_on_an_unknown_tool_is_404_and_stores_nothing() {
        long before = storedEvents("");
        Http.Reply reply = http().put("/api/v1/tools/no-such-tool/vote", token("dave", "voter"), Map.of("choice", "SHIP"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("type").asText()).isEqualTo("https://shiporskip.io/problems/tool-not-found");
        assertThat(storedEvents("")).isEqualTo(before);
    }

    @Test
    void retracting_without_a_vote_is_404() {
        http().post("/api/v1/tools", token("ed", "editor"), tool("retract-tool"));
        Http.Reply reply = http().delete("/api/v1/tools/retract-tool/vote", token("erin", "voter"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("type").asText()).endsWith("/no-current-vote");
    }

    @Test
    void listing_an_existing_id_again_is_409() {
        assertThat(http().post("/api/v1/tools", token("ed", "editor"), tool("twice-tool")).status()).isEqualTo(201);
        Http.Reply again = http().post("/api/v1/tools", token("ed", "editor"), tool("twice-tool"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).endsWith("/tool-exists");
    }

    @Test
    void a_missing_token_is_401_and_a_wrong_role_is_403_and_admin_may_do_everything() {
        assertThat(http().put("/api/v1/tools/x/vote", null, Map.of("choice", "SHIP")).status()).isEqualTo(401);
        assertThat(http().put("/api/v1/tools/x/vote", "not-a-jwt", Map.of("choice", "SHIP")).status()).isEqualTo(401);
        String forged = DevTokens.mint("another-secret-of-at-least-32-bytes-length!", "v", List.of("voter"), null, Duration.ofHours(1));
        assertThat(http().put("/api/v1/tools/x/vote", forged, Map.of("choice", "SHIP")).status()).isEqualTo(401);
        String expired = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "v", List.of("voter"), null, Duration.ofHours(-1));
        assertThat(http().put("/api/v1/tools/x/vote", expired, Map.of("choice", "SHIP")).status()).isEqualTo(401);
        Http.Reply wrongRole = http().post("/api/v1/tools", token("v", "voter"), tool("role-tool"));
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.contentType()).startsWith("application/problem+json");
        assertThat(http().post("/api/v1/tools", token("root", "admin"), tool("admin-tool")).status()).isEqualTo(201);
    }

    @Test
    void bad_input_is_a_clear_4xx_and_stores_nothing() {
        http().post("/api/v1/tools", token("ed", "editor"), tool("input-tool"));
        String v = token("frank", "voter");
        long before = storedEvents("");

        Http.Reply malformed = http().put("/api/v1/tools/input-tool/vote", v, "{\"choice\": ");
        Http.Reply unknownChoice = http().put("/api/v1/tools/input-tool/vote", v, Map.of("choice", "MAYBE"));
        Http.Reply missingChoice = http().put("/api/v1/tools/input-tool/vote", v, Map.of());
        Http.Reply badSlug = http().put("/api/v1/tools/Not_A_Slug/vote", v, Map.of("choice", "SHIP"));
        Http.Reply oversize = http().post("/api/v1/tools", token("ed", "editor"),
                Map.of("name", "x".repeat(100_000)));
        Http.Reply missingFields = http().post("/api/v1/tools", token("ed", "editor"), Map.of("name", "Only a name"));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(unknownChoice.status()).isEqualTo(400);
        assertThat(unknownChoice.json().get("errors").get(0).get("field").asText()).isEqualTo("choice");
        assertThat(missingChoice.status()).isEqualTo(400);
        assertThat(badSlug.status()).isEqualTo(400);
        assertThat(oversize.status()).isEqualTo(413);
        assertThat(missingFields.status()).isEqualTo(400);
        assertThat(missingFields.json().get("errors").findValuesAsText("field"))
                .contains("tagline", "description", "category", "pricing", "bestFor");
        assertThat(storedEvents("")).isEqualTo(before);
    }
}
