package io.shiporskip.command.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Any CloudEvents consumer can read the topic: the SDK's own Kafka deserializer, with no code of ours, reads every
 * event the relay published with the id, type, source, subject, time and data the event store holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CloudEventsSdkReadIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private record Stored(String id, String payloadType, String revision, Instant time, JsonNode data) {
    }


    @Test
    void theSdksKafkaDeserializerReadsEveryEventAsTheStoreHoldsIt() {
        Http http = new Http("http://127.0.0.1:" + port);
        assertThat(http.post("/api/v1/tools", token("ed", "editor"), Map.of("id", "sdk-tool", "name", "SDK Tool",
                "tagline", "Reads", "description", "A tool.", "category", "Developer Tools",
                "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "Reading")).status())
                .isEqualTo(201);
        assertThat(http.put("/api/v1/tools/sdk-tool/vote", token("alice", "voter"), Map.of("choice", "SHIP")).status())
                .isEqualTo(200);
        assertThat(http.put("/api/v1/tools/sdk-tool/vote", token("alice", "voter"), Map.of("choice", "SKIP")).status())
                .isEqualTo(200);
        List<Stored> stored = jdbc.sql("""
                        SELECT event_identifier, payload_type, payload_revision, time_stamp,
                               convert_from(payload, 'UTF8') AS payload
                        FROM domain_event_entry ORDER BY global_index""")
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.parse(rs.getString(4)), readTree(rs.getString(5))))
                .list();
        assertThat(stored).extracting(Stored::payloadType).containsExactly(
                "io.shiporskip.contracts.catalog.ToolListed", "io.shiporskip.contracts.community.VoteCast",
                "io.shiporskip.contracts.community.VoteChanged");

        List<ConsumerRecord<String, CloudEvent>> read = readWithTheSdk(stored.size());

        assertThat(read).hasSize(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Stored s = stored.get(i);
            ConsumerRecord<String, CloudEvent> record = read.get(i);
            CloudEvent event = record.value();
            String name = s.payloadType().substring(s.payloadType().lastIndexOf('.') + 1);
            assertThat(event.getId()).isEqualTo(s.id());
            assertThat(event.getType()).isEqualTo("io.shiporskip." + name + ".v" + s.revision());
            assertThat(event.getSource()).hasToString("/shiporskip/command-service");
            assertThat(event.getSubject()).isEqualTo("sdk-tool").isEqualTo(record.key());
            assertThat(event.getTime().toInstant()).isEqualTo(s.time());
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            assertThat(readTree(new String(event.getData().toBytes(), StandardCharsets.UTF_8))).isEqualTo(s.data());
            assertThat(event.getExtension("actorid")).isEqualTo(i == 0 ? "ed" : "alice");
            Header contentType = record.headers().lastHeader("content-type");
            assertThat(contentType).isNotNull();
            assertThat(new String(contentType.value(), StandardCharsets.UTF_8)).isEqualTo("application/cloudevents+json");
        }
        assertThat(read.get(2).value().getType()).isEqualTo("io.shiporskip.VoteChanged.v1");
        assertThat(read.get(2).value().getData().toBytes()).asString(StandardCharsets.UTF_8)
                .contains("\"from\":\"SHIP\"", "\"to\":\"SKIP\"");
    }

    private List<ConsumerRecord<String, CloudEvent>> readWithTheSdk(int expected) {
        List<ConsumerRecord<String, CloudEvent>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, CloudEvent>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "sdk-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= expected;
            });
        }
        return read;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
