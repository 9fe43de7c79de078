package io.shiporskip.e2e;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.kafka.BrokerCertificates;
import io.shiporskip.infra.kafka.LocalKafkaBroker;
import io.shiporskip.infra.kafka.LocalKafkaBroker.SaslSslListener;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.EventTopicReader;
import io.shiporskip.infra.testing.FreePorts;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.tokens.DevTokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The services against a Kafka that wants TLS and a password, as a managed cluster does: a broker of this class's own
 * with a SASL_SSL listener (SASL/PLAIN, a certificate made at test time and trusted through a trust store), the
 * services configured only through environment variables (docs/operations.md, "Kafka security"). With the right
 * password votes flow to the read models; with a wrong one the services keep running, say why in their logs and in
 * their health, and a vote accepted meanwhile is published once, when the password is right again.
 */
class KafkaSecurityIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath()
            .normalize();
    private static final String USER = "shiporskip";
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final int PARTITIONS = 6;

    private static BrokerCertificates tls;
    private static SaslSslListener secure;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Files.createTempDirectory("secure-kafka-");
        tls = BrokerCertificates.generate(dir.resolve("tls"));
        secure = new SaslSslListener(FreePorts.next(), tls, Map.of(USER, PASSWORD));
        broker = LocalKafkaBroker.start(dir.resolve("data"), FreePorts.next(), FreePorts.next(), secure);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Exactly the variables docs/operations.md lists. Bootstrap through the project's {@code KAFKA_BOOTSTRAP_SERVERS}
     * (the stack sets it to the SASL_SSL listener): a service ignoring the security settings would speak plaintext
     * to a TLS port and never get an answer.
     */
    private static Map<String, String> kafkaSecurity(String password) {
        Map<String, String> env = new HashMap<>(StackEndpoints.GENEROUS_RATE_LIMITS);
        env.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", SaslSslListener.jaasConfig(USER, password));
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", tls.trustStore().toAbsolutePath().toString());
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", tls.password());
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12");
        return env;
    }

    private static String freshTopic() {
        String topic = "secure-events-" + UUID.randomUUID();
        broker.createTopics(Map.of(topic, PARTITIONS), Duration.ofSeconds(60));
        return topic;
    }

    @Test
    void votes_flow_from_the_command_service_through_an_authenticated_tls_listener_to_the_query_service()
            throws Exception {
        try (RunningStack stack = new RunningStack("kafka-sasl-ssl", TestPostgres.freshDatabase(),
                secure.bootstrapServers(), freshTopic(), kafkaSecurity(PASSWORD))) {
            Http commands = stack.commands();
            assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("tls-tool", "TLS Tool")).status())
                    .isEqualTo(201);
            Map<String, String> votes = Map.of("v1", "SHIP", "v2", "SHIP", "v3", "SHIP", "v4", "SKIP", "v5", "SKIP");
            votes.forEach((voter, choice) -> {
                Http.Reply vote = commands.put("/api/v1/tools/tls-tool/vote", token(voter, "voter"),
                        Map.of("choice", choice));
                assertThat(vote.status()).as(vote.body()).isEqualTo(200);
            });

            // 3 ship, 2 skip: what this test sent
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(stack.queries().get("/api/v1/tools/tls-tool", null).json().get("community")
                            .toString()).isEqualTo("{\"ship\":3,\"skip\":2,\"total\":5,\"shipPercent\":60}"));
            // the projector's readiness includes Kafka, reached through the same settings
            assertThat(new Http(stack.fleet.baseUrl(Service.PROJECTOR)).get("/actuator/health/readiness", null)
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void with_a_wrong_password_the_services_say_so_and_a_vote_taken_meanwhile_is_published_once_it_is_right()
            throws Exception {
        PostgresEndpoint database = TestPostgres.freshDatabase();
        String topic = freshTopic();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, FreePorts.next());
        }
        Path logs = REPOSITORY.resolve("e2e-tests/target/service-logs/kafka-wrong-password");
        StackEndpoints wrong = new StackEndpoints(database, secure.bootstrapServers(), topic,
                DevTokens.LOCAL_DEV_SECRET).with(kafkaSecurity("not-" + PASSWORD))
                .with(Map.of("SHIPORSKIP_PROJECTOR_GROUP", "kafka-wrong-password-" + UUID.randomUUID()));
        try (ServiceFleet fleet = new ServiceFleet(REPOSITORY, wrong, ports, logs)) {
            var command = fleet.start(Service.COMMAND);
            var projector = fleet.start(Service.PROJECTOR);
            Http commands = new Http(fleet.baseUrl(Service.COMMAND));
            Http projectorHttp = new Http(fleet.baseUrl(Service.PROJECTOR));

            // commands do not wait for Kafka (the relay catches up): the command service gets ready
            command.awaitReady(Duration.ofMinutes(3));
            // the projector does not hang: its readiness, which includes Kafka, answers DOWN
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        Http.Reply readiness = projectorHttp.get("/actuator/health/readiness", null);
                        assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
                        assertThat(readiness.json().get("status").asText()).isEqualTo("DOWN");
                    });
            // the command service's health (not its readiness) shows Kafka down
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(commands.get("/actuator/health", null).status()).isEqualTo(503));
            // and each log names the cause
            for (var service : List.of(command, projector)) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(Files.readString(service.logFile(), StandardCharsets.ISO_8859_1))
                                .as(service.name()).contains("Kafka health check fails: SaslAuthenticationException")
                                .contains("Authentication failed"));
            }

            assertThat(commands.post("/api/v1/tools", token("ed", "editor"), tool("held-tool", "Held Tool")).status())
                    .isEqualTo(201);
            Http.Reply vote = commands.put("/api/v1/tools/held-tool/vote", token("early", "voter"),
                    Map.of("choice", "SKIP"));
            assertThat(vote.status()).as(vote.body()).isEqualTo(200);
            assertThat(recordsOn(topic)).as("nothing can reach the topic with a wrong password").isZero();
        }

        // the same database, the right password: the stored vote is published, once, and counted once
        try (RunningStack stack = new RunningStack("kafka-right-password", database, secure.bootstrapServers(), topic,
                kafkaSecurity(PASSWORD))) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(stack.queries().get("/api/v1/tools/held-tool", null).json().get("community")
                            .toString()).isEqualTo("{\"ship\":0,\"skip\":1,\"total\":1,\"shipPercent\":0}"));
            assertThat(stack.storedEvents()).isEqualTo(2);
            // each stored event on the topic once: 2 records in all, one of each type
            assertThat(recordsOn(topic)).isEqualTo(2);
            List<EventTopicReader.Received> published = EventTopicReader.readUntil(broker.bootstrapServers(), topic,
                    r -> r.size() >= 2, Duration.ofMinutes(1));
            assertThat(published).extracting(r -> r.event().type())
                    .containsExactlyInAnyOrder("io.shiporskip.ToolListed.v1", "io.shiporskip.VoteCast.v1");
        }
    }

    /** Records on the topic: the sum of its partitions' end offsets (the relay's producer writes no transactions). */
    private static long recordsOn(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }
}
