package io.shiporskip.e2e;

import io.shiporskip.infra.testing.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceProcess;
import io.shiporskip.infra.testing.EventTopicReader;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One vote's whole real path: HTTP, Axon, PostgreSQL event store, relay, Kafka, projector, query service. */
class VotePathIT {

    private static RunningStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("vote-path", TestPostgres.freshDatabase(), TestKafka.bootstrapServers(), TestKafka.freshTopic(),
                RunningStack.WITH_GROUP_COMMIT);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void votes_cast_changed_and_retracted_show_in_the_tool_card_and_on_kafka() {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("path-tool", "Path Tool")).status())
                .isEqualTo(201);
        assertThat(commands.put("/api/v1/tools/path-tool/vote", token("alice", "voter"), Map.of("choice", "SHIP")).status())
                .isEqualTo(200);
        assertThat(commands.put("/api/v1/tools/path-tool/vote", token("bob", "voter"), Map.of("choice", "SHIP")).status())
                .isEqualTo(200);
        assertThat(commands.put("/api/v1/tools/path-tool/vote", token("bob", "voter"), Map.of("choice", "SKIP")).status())
                .isEqualTo(200);
        Http.Reply retract = commands.delete("/api/v1/tools/path-tool/vote", token("alice", "voter"));
        assertThat(retract.status()).isEqualTo(204);
        VoteTruth truth = new VoteTruth();
        truth.voted("path-tool", "alice", "SHIP");
        truth.voted("path-tool", "bob", "SHIP");
        truth.voted("path-tool", "bob", "SKIP");
        truth.retracted("path-tool", "alice");
        String lastToken = retract.header("Consistency-Token").orElseThrow();

        Http.Reply card = stack.queries().get("/api/v1/tools/path-tool?waitFor=" + lastToken, null);

        assertThat(card.status()).isEqualTo(200);
        JsonNode json = card.json();
        assertThat(json.get("name").asText()).isEqualTo("Path Tool");
        assertThat(json.get("pricing").get("model").asText()).isEqualTo("FREEMIUM");
        assertThat(json.get("community").toString()).isEqualTo("{\"ship\":0,\"skip\":1,\"total\":1,\"shipPercent\":0}");
        assertThat(json.get("panel").get("verdict").asText()).isEqualTo("NONE");
        assertThat(json.get("reviews").has("PM")).isTrue();
        assertThat(json.get("reviews").get("PM").isNull()).isTrue();

        var onKafka = EventTopicReader.readUntil(TestKafka.bootstrapServers(), stack.topic,
                r -> r.stream().filter(x -> "path-tool".equals(x.key())).count() >= 5, Duration.ofSeconds(30));
        assertThat(onKafka).filteredOn(r -> "path-tool".equals(r.key())).extracting(r -> r.event().type())
                .containsExactly("io.shiporskip.ToolListed.v1", "io.shiporskip.VoteCast.v1",
                        "io.shiporskip.VoteCast.v1", "io.shiporskip.VoteChanged.v1", "io.shiporskip.VoteRetracted.v1");
        assertReadSideEqualsBothFolds(truth, "path-tool", List.of("alice", "bob"));
    }

    @Test
    void an_unknown_tool_is_a_404_problem_on_the_read_side() {
        Http.Reply reply = stack.queries().get("/api/v1/tools/never-listed", null);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void killing_the_projector_mid_stream_still_counts_every_vote_exactly_once() throws Exception {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("crash-tool", "Crash Tool")).status())
                .isEqualTo(201);
        try (VoteLoad votes = new VoteLoad(commands, List.of("crash-tool"), "crash-voter", 6, 40)) {
            // kill -9 the projector twice while votes keep flowing, each time after it has been applying batches
            ServiceProcess projector = stack.fleet.get(Service.PROJECTOR);
            for (int kill = 0; kill < 2; kill++) {
                // a random moment: after 50 to 150 more applied events
                long killAfter = sql(APPLIED_CRASH_EVENTS) + ThreadLocalRandom.current().nextInt(50, 150);
                await().atMost(Duration.ofSeconds(60)).until(() -> sql(APPLIED_CRASH_EVENTS) > killAfter);
                projector = killAndRestart(projector, Service.PROJECTOR);
            }
            // the restarted projector applies votes that keep coming before the load stops
            long appliedAtRestart = sql(APPLIED_CRASH_EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(() -> sql(APPLIED_CRASH_EVENTS) > appliedAtRestart + 50);
            votes.stop();
            assertTallyEqualsTheTruth("crash-tool", votes);
            assertReadSideEqualsBothFolds(votes.truth(), "crash-tool", votes.voters());
        }
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
        assertThat(sql("SELECT count(*) FROM read_model.applied_event WHERE subject = 'crash-tool'"))
                .isEqualTo(sql("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier LIKE 'ballot:crash-tool:%' OR aggregate_identifier = 'crash-tool'"));
    }

    @Test
    void killing_the_query_service_under_load_loses_nothing_and_it_serves_the_truth_after_restart() throws Exception {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("reader-crash-tool", "Reader Crash")).status())
                .isEqualTo(201);
        try (VoteLoad votes = new VoteLoad(commands, List.of("reader-crash-tool"), "reader-crash-voter", 4, 30);
             PageReaders readers = new PageReaders(stack.queries(), null, List.of("/api/v1/tools/reader-crash-tool"), 3)) {
            ServiceProcess query = stack.fleet.get(Service.QUERY);
            for (int kill = 0; kill < 2; kill++) {
                // a random moment: after 100 to 300 more pages answered 200
                long killAfter = readers.answered() + ThreadLocalRandom.current().nextInt(100, 300);
                await().atMost(Duration.ofSeconds(60)).until(() -> readers.answered() > killAfter);
                query = killAndRestart(query, Service.QUERY);
            }
            long answeredAfterRestart = readers.answered();
            await().atMost(Duration.ofSeconds(30)).until(() -> readers.answered() > answeredAfterRestart + 100);
            readers.stop();
            votes.stop();
            assertThat(votes.acknowledged()).isPositive();
            assertTallyEqualsTheTruth("reader-crash-tool", votes);
            assertReadSideEqualsBothFolds(votes.truth(), "reader-crash-tool", votes.voters());
        }
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    /**
     * Group commit under {@code kill -9}: sixteen voters vote as fast as they are answered, so the command service
     * commits their votes in batches (shown by the event store: fewer inserting transactions than events), and is
     * killed mid-stream. Every vote it acknowledged is stored; every ballot's stream is whole (sequence numbers without
     * a gap) and the command side's {@code current_vote}, written in the batch's transaction, agrees with it; the
     * read side equals the store. Votes in flight at the kill have no known outcome and are not counted either way.
     */
    @Test
    void killing_the_command_service_mid_batch_keeps_every_acknowledged_vote_and_no_half_batch() throws Exception {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("batch-crash-tool", "Batch Crash"))
                .status()).isEqualTo(201);
        java.util.Set<String> acknowledgedEvents = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicLong unknown = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        var threads = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            work.add(threads.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String voter = "batch-voter-" + thread + "-" + (i % 8);
                    String choice = ThreadLocalRandom.current().nextBoolean() ? "SHIP" : "SKIP";
                    Http.Reply reply;
                    try {
                        reply = commands.put("/api/v1/tools/batch-crash-tool/vote", token(voter, "voter"),
                                Map.of("choice", choice));
                    } catch (RuntimeException cutOff) {
                        unknown.incrementAndGet(); // the service died with the request in flight
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                        continue;
                    }
                    if (reply.status() == 200) {
                        acknowledgedEvents.add(io.shiporskip.contracts.ConsistencyToken
                                .parse(reply.header("Consistency-Token").orElseThrow()).orElseThrow().eventId());
                    } else if (reply.status() != 503) {
                        throw new IllegalStateException(reply.status() + ": " + reply.body());
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledgedEvents.size() >= 300);
        assertThat(sql(BATCH_CRASH_TRANSACTIONS)).as("votes were committed in batches")
                .isLessThan(sql(BATCH_CRASH_EVENTS));
        killAndRestart(stack.fleet.get(Service.COMMAND), Service.COMMAND);
        int afterRestart = acknowledgedEvents.size();
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledgedEvents.size() >= afterRestart + 200);
        running.set(false);
        for (var f : work) {
            f.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        threads.shutdown();

        java.util.Set<String> stored = new java.util.HashSet<>();
        try (Connection c = stack.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT event_identifier FROM event_store.domain_event_entry "
                        + "WHERE aggregate_identifier LIKE 'ballot:batch-crash-tool:%'")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertThat(stored).as("every acknowledged vote is stored").containsAll(acknowledgedEvents);
        assertThat(sql("""
                SELECT count(*) FROM (SELECT aggregate_identifier FROM event_store.domain_event_entry
                                      WHERE aggregate_identifier LIKE 'ballot:batch-crash-tool:%'
                                      GROUP BY aggregate_identifier
                                      HAVING max(sequence_number) + 1 <> count(*)) gaps""")).as("streams with a gap")
                .isZero();
        assertThat(sql("""
                SELECT count(*) FROM (
                    SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier,
                           substring(aggregate_identifier from length('ballot:batch-crash-tool:') + 1) AS voter,
                           CASE WHEN payload_type LIKE '%VoteCast' THEN convert_from(payload, 'UTF8')::jsonb->>'choice'
                                WHEN payload_type LIKE '%VoteChanged' THEN convert_from(payload, 'UTF8')::jsonb->>'to'
                           END AS choice
                    FROM event_store.domain_event_entry WHERE aggregate_identifier LIKE 'ballot:batch-crash-tool:%'
                    ORDER BY aggregate_identifier, sequence_number DESC) last
                FULL JOIN (SELECT voter_id, choice FROM event_store.current_vote
                           WHERE tool_id = 'batch-crash-tool') lookup ON lookup.voter_id = last.voter
                WHERE last.choice IS DISTINCT FROM lookup.choice""")).as("ballots whose command-side lookup disagrees")
                .isZero();
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
        System.out.println("VotePathIT batch crash: acknowledged " + acknowledgedEvents.size() + ", stored "
                + stored.size() + ", cut off " + unknown.get());
    }

    private static final String BATCH_CRASH_EVENTS = "SELECT count(*) FROM event_store.domain_event_entry "
            + "WHERE aggregate_identifier LIKE 'ballot:batch-crash-tool:%'";
    private static final String BATCH_CRASH_TRANSACTIONS = "SELECT count(DISTINCT xmin::text) FROM "
            + "event_store.domain_event_entry WHERE aggregate_identifier LIKE 'ballot:batch-crash-tool:%'";

    private static ServiceProcess killAndRestart(ServiceProcess process, Service service) throws Exception {
        long killedPid = process.pid();
        process.kill();
        assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        ServiceProcess restarted = stack.fleet.start(service);
        restarted.awaitReady(Duration.ofMinutes(2));
        return restarted;
    }

    private static void assertTallyEqualsTheTruth(String tool, VoteLoad votes) {
        long[] expected = votes.tally(tool);
        assertThat(expected[0] + expected[1]).isPositive();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode community = stack.queries().get("/api/v1/tools/" + tool, null).json().get("community");
            assertThat(community.get("ship").asLong()).isEqualTo(expected[0]);
            assertThat(community.get("skip").asLong()).isEqualTo(expected[1]);
        });
    }

    /**
     * Card, /me/votes, trends and history equal the test's fold of its acknowledged commands, and the plain SQL fold of
     * the event store equals that too (so neither oracle can drift from the other unnoticed).
     */
    private static void assertReadSideEqualsBothFolds(VoteTruth truth, String tool, List<String> voters) {
        ReadSide readSide = new ReadSide(stack.queries());
        readSide.awaitAgreesWith(truth, List.of(tool), voters);
        StoreFold store = new StoreFold(stack.database);
        assertThat(store.tally(tool)).containsExactly(truth.tally(tool));
        assertThat(store.voteEventCounts(tool)).isEqualTo(truth.eventCounts(tool));
        for (String voter : voters) {
            assertThat(store.votesOf(voter)).as(voter).isEqualTo(truth.votesOf(voter));
        }
        readSide.awaitAgreesWith(store, List.of(tool), voters);
    }

    private static final String APPLIED_CRASH_EVENTS =
            "SELECT count(*) FROM read_model.applied_event WHERE subject = 'crash-tool'";

    private static long sql(String query) throws Exception {
        try (Connection c = stack.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
