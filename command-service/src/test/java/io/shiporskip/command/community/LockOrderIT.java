package io.shiporskip.command.community;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write side's lock order against a real PostgreSQL, with the races set up deterministically: a test connection
 * holds the voter's write lock, the requests queue behind it in a known order (seen in {@code pg_locks}), then the
 * row is let go.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class LockOrderIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String TOOL = "lock-order-tool";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.rate-limits.enabled", () -> false);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    private Http http() {
        return new Http("http://127.0.0.1:" + port, Duration.ofSeconds(60));
    }


    @BeforeAll
    void listTool() {
        Http.Reply listed = http().post("/api/v1/tools", token("ed", "editor"),
                Map.of("id", TOOL, "name", "Lock order", "tagline", "t", "description", "d", "category", "c",
                        "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "b"));
        assertThat(listed.status()).as(listed.body()).isEqualTo(201);
    }

    /** Takes the voter's write lock (as a suspension does) in the holder's open transaction. */
    private static void holdVoterLock(Connection holder, String voter) throws java.sql.SQLException {
        try (var s = holder.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            s.setString(1, "voter:" + voter);
            assertThat(s.executeQuery().next()).isTrue();
        }
    }

    /** Backends of this database waiting for a row lock (the requests queued behind the test's connection). */
    private int waitingForLocks() {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()""")
                .query(Integer.class).single();
    }

    /**
     * The deadlock the issue found across the JVM and the database: a suspension waiting for the voter's row, then a
     * vote of that voter on a tool they already voted on. Before the lock order, the vote took its ballot's in-JVM lock
     * first and then waited for the row; the suspension, given the row, waited for that ballot's lock: both hung until
     * Axon gave up (about 20 s and more). Now the vote waits for the row before any JVM lock.
     */
    @Test
    void a_vote_queued_behind_a_suspension_neither_deadlocks_nor_outlives_it() throws Exception {
        String voter = "queued-voter";
        assertThat(http().put("/api/v1/tools/" + TOOL + "/vote", token(voter, "voter"), Map.of("choice", "SHIP"))
                .status()).isEqualTo(200);
        String moderator = token("mo", "moderator");

        CompletableFuture<Http.Reply> suspension;
        CompletableFuture<Http.Reply> vote;
        long released;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holdVoterLock(holder, voter);
            suspension = CompletableFuture.supplyAsync(() -> http().post(
                    "/api/v1/moderation/voters/" + voter + "/suspend", moderator, Map.of("reason", "brigading")));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForLocks() == 1);
            vote = CompletableFuture.supplyAsync(() -> http().put("/api/v1/tools/" + TOOL + "/vote",
                    token(voter, "voter"), Map.of("choice", "SKIP")));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForLocks() == 2);
            holder.rollback();
            released = System.nanoTime();
        }

        Http.Reply suspended = suspension.get(15, TimeUnit.SECONDS);
        Http.Reply refused = vote.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("both answered promptly once the row was free")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(202);
        assertThat(refused.status()).as("the vote came after the suspension: " + refused.body()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("/voter-suspended");
        // the ballot: cast, then voided by the suspension; the refused vote stored nothing
        assertThat(jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number").param(BallotId.of(TOOL, voter)).query(String.class).list())
                .containsExactly("io.shiporskip.contracts.community.VoteCast",
                        "io.shiporskip.contracts.community.VoteVoided");
    }

    /** The same with a reinstatement: Axon's JVM lock on the voter came before the row, the suspension's the other way. */
    @Test
    void a_reinstatement_and_a_suspension_of_one_voter_queue_on_the_row() throws Exception {
        String voter = "flip-flop-voter";
        String moderator = token("mo", "moderator");
        assertThat(http().post("/api/v1/moderation/voters/" + voter + "/suspend", moderator,
                Map.of("reason", "first")).status()).isEqualTo(202);

        CompletableFuture<Http.Reply> reinstatement;
        CompletableFuture<Http.Reply> suspension;
        long released;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holdVoterLock(holder, voter);
            suspension = CompletableFuture.supplyAsync(() -> http().post(
                    "/api/v1/moderation/voters/" + voter + "/suspend", moderator, Map.of("reason", "again")));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForLocks() == 1);
            reinstatement = CompletableFuture.supplyAsync(() -> http().post(
                    "/api/v1/moderation/voters/" + voter + "/reinstate", moderator, Map.of("reason", "appeal")));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForLocks() == 2);
            holder.rollback();
            released = System.nanoTime();
        }

        assertThat(suspension.get(15, TimeUnit.SECONDS).status()).isEqualTo(202);
        assertThat(reinstatement.get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
        // before the lock order this took 6-7 s: the reinstatement held the voter's JVM lock while waiting for the row
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("both answered promptly once the row was free")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number").param("voter:" + voter).query(String.class).list())
                .as("suspended once (the second suspension was a no-op), then reinstated")
                .containsExactly("io.shiporskip.contracts.community.VoterSuspended",
                        "io.shiporskip.contracts.community.VoterReinstated");
    }

    /**
     * A suspension is not starved by the voter's own stream of votes. With row locks every vote joined the shared
     * lock ahead of the waiting {@code FOR UPDATE}, so while the voter's votes overlapped without a gap the suspension
     * waited (20 s in RacesIT); the lock manager's queue is fair.
     */
    @Test
    void a_suspension_is_not_starved_by_the_voters_overlapping_votes() throws Exception {
        String voter = "streaming-voter";
        List<String> tools = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "stream-" + i).toList();
        for (String tool : tools) {
            assertThat(http().post("/api/v1/tools", token("ed", "editor"), Map.of("id", tool, "name", tool,
                    "tagline", "t", "description", "d", "category", "c",
                    "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "b"))
                    .status()).isEqualTo(201);
        }
        java.util.concurrent.atomic.AtomicBoolean suspendedSeen = new java.util.concurrent.atomic.AtomicBoolean();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(tools.size());
        List<CompletableFuture<Void>> streams = tools.stream().map(tool -> CompletableFuture.runAsync(() -> {
            // each stream's own tool: its ballot's JVM lock never orders it against the others
            for (int i = 0; !suspendedSeen.get() && System.nanoTime() < deadline; i++) {
                Http.Reply reply = http().put("/api/v1/tools/" + tool + "/vote", token(voter, "voter"),
                        Map.of("choice", i % 2 == 0 ? "SHIP" : "SKIP"));
                if (reply.status() == 403) {
                    suspendedSeen.set(true);
                }
            }
        }, pool)).toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param("ballot:stream-%").query(Long.class).single() >= 20);

        long asked = System.nanoTime();
        Http.Reply suspension = http().post("/api/v1/moderation/voters/" + voter + "/suspend",
                token("mo", "moderator"), Map.of("reason", "flooding"));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        suspendedSeen.set(true);
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(suspension.status()).as(suspension.body()).isEqualTo(202);
        assertThat(took).as("the suspension waited only for the votes in flight").isLessThan(Duration.ofSeconds(3));
    }
}
