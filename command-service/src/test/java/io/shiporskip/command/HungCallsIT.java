package io.shiporskip.command;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database call that hangs is bounded without Axon's handler timeouts (turned off: their stack walks cost every
 * command): the server's {@code statement_timeout} cancels it, the command rolls back and the voter gets 503 with
 * {@code Retry-After}, never a hang and never a half-stored vote. The hang is real: another connection holds the
 * voter's lock (docs/architecture.md, "Lock order") in an open transaction, so the vote waits on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HungCallsIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final int STATEMENT_TIMEOUT_MS = 1_500;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("spring.datasource.hikari.data-source-properties.options",
                () -> "-c statement_timeout=" + STATEMENT_TIMEOUT_MS);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Http http() {
        return new Http("http://127.0.0.1:" + port);
    }


    private long ballotEvents(String toolId, String voterId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param("ballot:" + toolId + ":" + voterId).query(Long.class).single();
    }

    @Test
    void a_vote_stuck_behind_a_held_lock_answers_503_with_retry_after_within_the_statement_timeout_and_stores_nothing()
            throws Exception {
        Map<String, Object> tool = Map.of("id", "hung-tool", "name", "Hung", "tagline", "Waits", "description", "A tool.",
                "category", "Developer Tools", "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"),
                "bestFor", "Waiting");
        assertThat(http().post("/api/v1/tools", token("ed", "editor"), tool).status()).isEqualTo(201);
        String voter = token("stuck", "voter");

        Http.Reply hung;
        long waitedMillis;
        try (Connection holder = DB.connect()) {
            holder.setAutoCommit(false);
            // what a suspension of this voter holds while it runs (docs/architecture.md, "Lock order")
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "voter:stuck");
                lock.execute();
            }
            long start = System.nanoTime();
            hung = http().put("/api/v1/tools/hung-tool/vote", voter, Map.of("choice", "SHIP"));
            waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            holder.rollback();
        }

        assertThat(hung.status()).isEqualTo(503);
        assertThat(hung.header("Retry-After")).isPresent();
        assertThat(hung.contentType()).startsWith("application/problem+json");
        assertThat(hung.json().get("type").asText()).isEqualTo("https://shiporskip.io/problems/store-unavailable");
        // it did wait on the lock, and gave up after the timeout: generous above it for a loaded machine, far below
        // the minutes an unbounded wait would take
        assertThat(waitedMillis).isGreaterThanOrEqualTo(STATEMENT_TIMEOUT_MS)
                .isLessThan(STATEMENT_TIMEOUT_MS + 60_000);
        assertThat(ballotEvents("hung-tool", "stuck")).isZero();

        // the lock released, the same vote goes through: nothing of the failed attempt was left behind
        Http.Reply after = http().put("/api/v1/tools/hung-tool/vote", voter, Map.of("choice", "SHIP"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("changed").asBoolean()).isTrue();
        assertThat(ballotEvents("hung-tool", "stuck")).isEqualTo(1);
    }
}
