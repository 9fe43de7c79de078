package io.shiporskip.command.ratelimit;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits against a real PostgreSQL through HTTP: 5 writes per 30 s per voter, 12 per 10 min per address (the
 * address taken from X-Forwarded-For, which Tomcat honours from loopback proxies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// closed after the class, while the JVM's broker is still up: left for the JVM's exit, its relay would wait for a
// broker that is stopping, and the fork would be killed 30 s later
@DirtiesContext
class RateLimitIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
        registry.add("shiporskip.rate-limits.per-voter.requests", () -> 5);
        // periods long enough that no allowance refills while a loaded machine sends one test's requests (one voter
        // write every 6 s, one address write every 50 s): 12 per 10 s refilled within the address test and failed it
        registry.add("shiporskip.rate-limits.per-voter.period", () -> "30s");
        registry.add("shiporskip.rate-limits.per-address.requests", () -> 12);
        registry.add("shiporskip.rate-limits.per-address.period", () -> "10m");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RateLimits limits;
    @Autowired
    DataSource dataSource;

    private Http http() {
        return new Http("http://127.0.0.1:" + port);
    }


    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    private Http.Reply vote(String voter, String choice, String fromAddress) {
        return http().sendWithHeader("PUT", "/api/v1/tools/limited-tool/vote", token(voter, "voter"),
                Map.of("choice", choice), "X-Forwarded-For", fromAddress);
    }

    @BeforeAll
    void listTool() {
        Http.Reply listed = http().sendWithHeader("POST", "/api/v1/tools", token("ed", "editor"),
                Map.of("id", "limited-tool", "name", "Limited", "tagline", "t", "description", "d", "category", "c",
                        "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "b"),
                "X-Forwarded-For", "198.51.100.1");
        assertThat(listed.status()).as(listed.body()).isEqualTo(201);
    }

    @Test
    void a_voter_over_the_limit_gets_429_with_retry_after_and_only_allowed_writes_are_stored() throws Exception {
        long before = storedEvents();
        List<Integer> statuses = new ArrayList<>();
        Http.Reply refused = null;
        for (int i = 0; i < 9; i++) {
            // a fresh address each time: only the voter's own limit can refuse
            Http.Reply reply = vote("eager", i % 2 == 0 ? "SHIP" : "SKIP", "198.51.100." + (10 + i));
            statuses.add(reply.status());
            if (reply.status() == 429 && refused == null) {
                refused = reply;
            }
        }

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429, 429);
        assertThat(storedEvents() - before).as("each allowed vote cast or changed the ballot once").isEqualTo(5);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).isEqualTo("https://shiporskip.io/problems/rate-limited");
        assertThat(refused.json().get("detail").asText()).contains("voter");
        int retryAfter = Integer.parseInt(refused.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1, 6); // one write every 6 s refills

        Thread.sleep(retryAfter * 1000L + 200);
        assertThat(vote("eager", "SHIP", "198.51.100.30").status()).as("the allowance refilled").isEqualTo(200);
        assertThat(vote("eager", "SKIP", "198.51.100.31").status()).as("by one write only").isEqualTo(429);
    }

    @Test
    void an_address_over_its_limit_is_refused_whoever_votes_from_it() {
        long before = storedEvents();
        List<Integer> statuses = new ArrayList<>();
        Http.Reply last = null;
        for (int i = 0; i < 14; i++) {
            last = vote("crowd-" + i, "SHIP", "203.0.113.9");
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 12)).containsOnly(200);
        assertThat(statuses.subList(12, 14)).containsOnly(429);
        assertThat(last.json().get("detail").asText()).contains("address");
        assertThat(storedEvents() - before).isEqualTo(12);
        assertThat(vote("crowd-99", "SHIP", "203.0.113.10").status()).as("another address is unaffected").isEqualTo(200);
    }

    @Test
    void the_sweep_deletes_only_keys_back_at_full_allowance() {
        jdbc.sql("""
                INSERT INTO rate_limit (limit_key, tat, emission_us, tolerance_us) VALUES
                    ('voter:idle', now() - interval '1 second', 2000000, 8000000),
                    ('voter:busy', now() + interval '5 seconds', 2000000, 8000000)""").update();

        limits.sweep();

        assertThat(jdbc.sql("SELECT limit_key FROM rate_limit WHERE limit_key IN ('voter:idle', 'voter:busy')")
                .query(String.class).list()).containsExactly("voter:busy");
    }

    /**
     * The sweep never waits for a row: it used to delete expired rows while holding others, and a write's two-key
     * upsert, holding its voter row and waiting for its address row, closed the cycle (SQLState 40P01, a voter's 500).
     */
    @Test
    void the_sweep_skips_rows_a_write_holds() throws Exception {
        jdbc.sql("""
                INSERT INTO rate_limit (limit_key, tat, emission_us, tolerance_us) VALUES
                    ('voter:held', now() - interval '1 second', 2000000, 8000000),
                    ('address:free', now() - interval '1 second', 2000000, 8000000)""").update();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (var s = holder.createStatement()) {
                s.execute("SELECT 1 FROM rate_limit WHERE limit_key = 'voter:held' FOR UPDATE");
            }
            CompletableFuture.runAsync(limits::sweep).get(5, TimeUnit.SECONDS);
            holder.rollback();
        }
        assertThat(jdbc.sql("SELECT limit_key FROM rate_limit WHERE limit_key IN ('voter:held', 'address:free')")
                .query(String.class).list()).containsExactly("voter:held");
    }
}
