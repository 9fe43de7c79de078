package io.shiporskip.e2e;

import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.FreePorts;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.tokens.DevTokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The three services as real child processes (their -exec jars), against the test JVM's Kafka broker and a fresh
 * PostgreSQL database, on free ports. One per test class.
 */
final class RunningStack implements AutoCloseable {

    final PostgresEndpoint database;
    final String topic;
    final ServiceFleet fleet;

    /** Group commit of votes (off by default): the crash suite (VotePathIT) runs with it on. */
    static final Map<String, String> WITH_GROUP_COMMIT = withGroupCommit();

    private static Map<String, String> withGroupCommit() {
        Map<String, String> settings = new HashMap<>(StackEndpoints.GENEROUS_RATE_LIMITS);
        settings.put("SHIPORSKIP_GROUP_COMMIT_ENABLED", "true");
        return Map.copyOf(settings);
    }

    RunningStack(String name) throws Exception {
        this(name, TestPostgres.freshDatabase(), TestKafka.bootstrapServers(), TestKafka.freshTopic());
    }

    /** The services against a given database and broker (fault tests stop and restart their own). */
    RunningStack(String name, PostgresEndpoint database, String bootstrapServers, String topic) throws Exception {
        this(name, database, bootstrapServers, topic, StackEndpoints.GENEROUS_RATE_LIMITS);
    }

    /** The services with these environment settings (e.g. tight rate limits). */
    RunningStack(String name, PostgresEndpoint database, String bootstrapServers, String topic,
                 Map<String, String> settings) throws Exception {
        this(name, database, bootstrapServers, topic, settings, UnaryOperator.identity());
    }

    /** The services with these settings, and endpoints adjusted further (per-service roles, another token check). */
    RunningStack(String name, PostgresEndpoint database, String bootstrapServers, String topic,
                 Map<String, String> settings, UnaryOperator<StackEndpoints> adjust) throws Exception {
        this.database = database;
        this.topic = topic;
        Path repository = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath().normalize();
        Map<String, String> own = new HashMap<>(settings);
        // stacks sharing the test broker must not share a consumer group: one stack's projector joining or leaving
        // would rebalance another stack's
        own.putIfAbsent("SHIPORSKIP_PROJECTOR_GROUP", "e2e-" + name + "-" + UUID.randomUUID());
        StackEndpoints endpoints = adjust.apply(
                new StackEndpoints(database, bootstrapServers, topic, DevTokens.LOCAL_DEV_SECRET).with(own));
        fleet = startOnFreePorts(repository, endpoints, repository.resolve("e2e-tests/target/service-logs/" + name));
    }

    /**
     * A free port can be taken by someone else between picking it and the child binding it: a start that fails on a
     * port already in use is retried on new ports (each attempt logs to its own directory, so the check reads only
     * this attempt's logs).
     */
    private static ServiceFleet startOnFreePorts(Path repository, StackEndpoints endpoints, Path logDir)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, FreePorts.next());
            }
            Path attemptLogs = attempt == 1 ? logDir : logDir.resolve("attempt-" + attempt);
            ServiceFleet fleet = new ServiceFleet(repository, endpoints, ports, attemptLogs);
            try {
                fleet.startAll(Duration.ofMinutes(3));
                return fleet;
            } catch (IllegalStateException | java.io.IOException e) {
                fleet.close();
                if (attempt >= 3 || !portWasTaken(attemptLogs)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portWasTaken(Path logDir) throws java.io.IOException {
        if (!Files.isDirectory(logDir)) {
            return false;
        }
        try (var logs = Files.list(logDir)) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (text.contains("was already in use") || text.contains("Address already in use")) {
                    return true;
                }
            }
        }
        return false;
    }

    Http commands() {
        return new Http(fleet.baseUrl(Service.COMMAND));
    }

    Http queries() {
        return new Http(fleet.baseUrl(Service.QUERY));
    }

    static String token(String subject, String... roles) {
        return DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, subject, List.of(roles), null, Duration.ofHours(1));
    }

    static String panelist(String subject, String persona) {
        return DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, subject, List.of("panelist"), persona, Duration.ofHours(1));
    }

    /** A connection to the stack's database (see {@link #connect(PostgresEndpoint)}). */
    java.sql.Connection connect() throws java.sql.SQLException {
        return connect(database);
    }

    /**
     * A connection, waiting (with a deadline) for a free slot while the PostgreSQL server, shared by every stack on
     * the machine, has none ({@code too_many_connections}, SQLState 53300); any other failure is thrown at once.
     */
    static java.sql.Connection connect(PostgresEndpoint endpoint) throws java.sql.SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return endpoint.connect();
            } catch (java.sql.SQLException e) {
                if (!"53300".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    /** A number read with one SQL query against the stack's database. */
    long count(String sql) {
        try (var c = connect(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long storedEvents() {
        return count("SELECT count(*) FROM event_store.domain_event_entry");
    }

    /**
     * The equality proof: the projector recomputes every read model from the event store and compares them with the
     * serving ones. Retried until the read side has caught up; a difference that persists fails.
     */
    static void awaitReadModelsEqualTheEventStore(String projectorUrl) {
        Http projector = new Http(projectorUrl);
        String admin = token("verifier", "admin");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Http.Reply reply = projector.post("/api/v1/admin/verifications", admin, Map.of());
                    org.assertj.core.api.Assertions.assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                    org.assertj.core.api.Assertions.assertThat(reply.json().get("differences").asLong())
                            .as(reply.body()).isZero();
                    org.assertj.core.api.Assertions.assertThat(reply.json().get("eventsReplayed").asLong()).isPositive();
                });
    }

    static Map<String, Object> tool(String id, String name) {
        return Map.of("id", id, "name", name, "tagline", "Does things", "description", "A tool for testing.",
                "category", "Developer Tools",
                "pricing", Map.of("model", "FREEMIUM", "entry", "Free", "details", "Free tier, paid teams"),
                "bestFor", "Testing the path");
    }

    @Override
    public void close() throws InterruptedException {
        fleet.close();
    }
}
