package io.shiporskip.command.groupcommit;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review repro: with group commit on, a vote whose transaction cannot start (no pooled connection within Hikari's
 * connection timeout) must still be answered, as on Axon's plain path (where the exception reaches the caller).
 * The pool is exhausted by the test itself; the vote gets 20 s to be answered (the pool timeout is 500 ms).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NoConnectionIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.rate-limits.enabled", () -> false);
        registry.add("shiporskip.group-commit.enabled", () -> !Boolean.getBoolean("review.plain"));
        registry.add("shiporskip.group-commit.lanes", () -> 1);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 4);
        registry.add("spring.datasource.hikari.connection-timeout", () -> 500);
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Several votes queued together (a batch of more than one) while no connection can be had: each answered 503. */
    @Test
    void a_batch_without_a_connection_answers_each_vote_as_alone() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            exhaustPool(held);
            Http http = new Http("http://127.0.0.1:" + port, Duration.ofSeconds(60));
            List<CompletableFuture<Http.Reply>> votes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String voter = "nc-batch-" + i;
                votes.add(CompletableFuture.supplyAsync(() -> http.put("/api/v1/tools/no-conn/vote",
                        token(voter, "voter"), Map.of("choice", "SKIP"))));
            }
            for (CompletableFuture<Http.Reply> vote : votes) {
                Http.Reply reply = vote.get(20, TimeUnit.SECONDS);
                assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            }
            if (!Boolean.getBoolean("review.plain")) {
                var sizes = meters.get("shiporskip.group.commit.batch.size").summary();
                assertThat(sizes.totalAmount()).as("some batch held more than one vote").isGreaterThan(sizes.count());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void a_vote_without_a_connection_is_answered_not_left_hanging() throws Exception {
        List<Connection> held = new ArrayList<>();
        CompletableFuture<Http.Reply> vote;
        try {
            exhaustPool(held);
            Http http = new Http("http://127.0.0.1:" + port, Duration.ofSeconds(60));
            vote = CompletableFuture.supplyAsync(() -> http.put("/api/v1/tools/no-conn/vote",
                    token("nc-voter", "voter"), Map.of("choice", "SHIP")));
            Http.Reply reply = vote.get(20, TimeUnit.SECONDS);
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    /** Takes every connection the pool will give (until Hikari's connection timeout refuses one) into {@code held}. */
    private void exhaustPool(List<Connection> held) {
        while (true) {
            try {
                held.add(dataSource.getConnection());
            } catch (SQLException poolExhausted) {
                return;
            }
        }
    }
}
