package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.contracts.Topics;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.kafka.LocalKafkaBroker;
import io.shiporskip.infra.postgres.LocalPostgres;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the infrastructure, with a broker and a PostgreSQL server of this class's own so they can be stopped:
 * Kafka down — commands are still accepted and the relay catches up; PostgreSQL down — commands fail fast with 503
 * and nothing half-written, and the services recover by themselves.
 */
class FaultToleranceIT {

    private static Path kafkaDir;
    private static int kafkaPort;
    private static int controllerPort;
    private static LocalKafkaBroker broker;
    private static LocalPostgres.EmbeddedSpec pgSpec;
    private static LocalPostgres postgres;
    private static RunningStack stack;

    @BeforeAll
    static void start() throws Exception {
        kafkaDir = Files.createTempDirectory("fault-kafka-");
        kafkaPort = FreePorts.next();
        controllerPort = FreePorts.next();
        broker = LocalKafkaBroker.start(kafkaDir, kafkaPort, controllerPort);
        broker.createTopics(Map.of(Topics.EVENTS, 6), Duration.ofSeconds(30));
        pgSpec = new LocalPostgres.EmbeddedSpec(Files.createTempDirectory("fault-pg-"), FreePorts.next(), false);
        postgres = embeddedPostgres();
        PostgresEndpoint db = postgres.database("shiporskip");
        stack = new RunningStack("faults", db, broker.bootstrapServers(), Topics.EVENTS);
    }

    /** One gauge from a service's Prometheus endpoint; -2 when it is not there. */
    private static double metric(Service service, String name) {
        String text = new Http(stack.fleet.baseUrl(service)).send("GET", "/actuator/prometheus", null, null, "text/plain").body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return -2;
    }

    /** A server that is surely not the machine's own: nothing listens on port 1. */
    private static LocalPostgres embeddedPostgres() throws Exception {
        return LocalPostgres.reachableOrEmbedded(new PostgresEndpoint("jdbc:postgresql://127.0.0.1:1/postgres",
                "postgres", ""), Optional.of(pgSpec));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        broker.close();
        postgres.close();
    }

    @Test
    void with_kafka_down_votes_are_accepted_and_counted_once_it_is_back() throws Exception {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("kafka-down", "Kafka Down")).status()).isEqualTo(201);
        commands.put("/api/v1/tools/kafka-down/vote", token("before", "voter"), Map.of("choice", "SHIP"));

        broker.close();
        for (int i = 0; i < 20; i++) {
            Http.Reply reply = commands.put("/api/v1/tools/kafka-down/vote", token("while-down-" + i, "voter"),
                    Map.of("choice", i < 15 ? "SHIP" : "SKIP"));
            assertThat(reply.status()).as("vote while Kafka is down").isEqualTo(200);
        }
        // the relay's lag is visible while Kafka is away
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(Service.COMMAND, "shiporskip_relay_lag_events") >= 20);
        broker = LocalKafkaBroker.start(kafkaDir, kafkaPort, controllerPort);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode community = stack.queries().get("/api/v1/tools/kafka-down", null).json().path("community");
            assertThat(community.path("ship").asInt()).isEqualTo(16);
            assertThat(community.path("skip").asInt()).isEqualTo(5);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(Service.COMMAND, "shiporskip_relay_lag_events") == 0);
        String admin = token("ops", "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode projections = new Http(stack.fleet.baseUrl(Service.PROJECTOR)).get("/api/v1/admin/projections", admin).json();
            assertThat(projections.get("lagEvents").asLong()).isZero();
            assertThat(projections.get("partitions")).hasSize(6);
        });
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }

    @Test
    void with_postgres_down_commands_fail_fast_with_503_and_the_services_recover() throws Exception {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("pg-down", "PG Down")).status()).isEqualTo(201);
        assertThat(commands.put("/api/v1/tools/pg-down/vote", token("early", "voter"), Map.of("choice", "SKIP")).status()).isEqualTo(200);
        long eventsBefore = stack.storedEvents();

        postgres.close();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                // the pool may still hold connections the server has closed: each request must still answer 503
                long started = System.nanoTime();
                Http.Reply refused = commands.put("/api/v1/tools/pg-down/vote", token("during-" + attempt, "voter"),
                        Map.of("choice", "SHIP"));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.json().get("type").asText()).endsWith("/store-unavailable");
                assertThat(refused.header("Retry-After")).isPresent();
                assertThat(took).isLessThan(Duration.ofSeconds(10));
            }
            assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("pg-down-2", "PG Down 2")).status()).isEqualTo(503);
        } finally {
            postgres = embeddedPostgres();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                commands.put("/api/v1/tools/pg-down/vote", token("after", "voter"), Map.of("choice", "SHIP")).status() == 200);
        // nothing of the refused commands was stored: only the vote after recovery
        assertThat(stack.storedEvents()).isEqualTo(eventsBefore + 1);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode community = stack.queries().get("/api/v1/tools/pg-down", null).json().path("community");
            assertThat(community.path("ship").asInt()).isEqualTo(1);
            assertThat(community.path("skip").asInt()).isEqualTo(1);
        });
        RunningStack.awaitReadModelsEqualTheEventStore(stack.fleet.baseUrl(Service.PROJECTOR));
    }
}
