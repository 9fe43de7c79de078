package io.shiporskip.infra.kafka;

import io.shiporskip.infra.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaBrokerTest {

    @Test
    void anIdempotentProducerWritesAndAConsumerReadsBackInKeyOrder() throws Exception {
        String topic = TestKafka.freshTopic();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "tool-a", "event-" + i));
            }
            producer.flush();
        }
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "broker-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < 10 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).containsExactly("event-0", "event-1", "event-2", "event-3", "event-4",
                "event-5", "event-6", "event-7", "event-8", "event-9");
    }

    @Test
    void aBrokerRestartedOnItsDataDirectoryKeepsItsTopicsAndRecords() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("restart-kafka-");
        int port = io.shiporskip.infra.testing.FreePorts.next();
        int controller = io.shiporskip.infra.testing.FreePorts.next();
        try (LocalKafkaBroker first = LocalKafkaBroker.start(dir, port, controller)) {
            first.createTopics(Map.of("kept", 1), Duration.ofSeconds(30));
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "survives a restart")).get();
            }
        }
        try (LocalKafkaBroker second = LocalKafkaBroker.start(dir, port, controller)) {
            second.createTopics(Map.of("kept", 1), Duration.ofSeconds(30));
            List<String> values = new ArrayList<>();
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "restart-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("kept"));
                Instant deadline = Instant.now().plusSeconds(30);
                while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).containsExactly("survives a restart");
        }
    }

    /** The SASL_SSL listener: TLS verified against the generated trust store, PLAIN users as configured. */
    @Test
    void theAuthenticatedListenerServesItsUsersOverTlsAndRefusesAWrongPassword() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("secure-kafka-");
        BrokerCertificates tls = BrokerCertificates.generate(dir.resolve("tls"));
        var secure = new LocalKafkaBroker.SaslSslListener(io.shiporskip.infra.testing.FreePorts.next(), tls,
                Map.of("shiporskip", "right-password"));
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("data"),
                io.shiporskip.infra.testing.FreePorts.next(), io.shiporskip.infra.testing.FreePorts.next(), secure)) {
            broker.createTopics(Map.of("secured", 1), Duration.ofSeconds(30));
            try (var producer = new KafkaProducer<String, String>(client(secure, "right-password", Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000)), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("secured", "k", "over SASL_SSL")).get();
            }
            try (var producer = new KafkaProducer<String, String>(client(secure, "wrong-password", Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000)), new StringSerializer(), new StringSerializer())) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                                producer.send(new ProducerRecord<>("secured", "k", "refused")).get())
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }
            List<String> values = new ArrayList<>();
            try (var consumer = new KafkaConsumer<String, String>(client(secure, "right-password", Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "secure-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("secured"));
                Instant deadline = Instant.now().plusSeconds(60);
                while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).containsExactly("over SASL_SSL");
        }
    }

    private static Map<String, Object> client(LocalKafkaBroker.SaslSslListener secure, String password,
                                              Map<String, Object> more) {
        Map<String, Object> config = new java.util.HashMap<>(more);
        config.put("bootstrap.servers", secure.bootstrapServers());
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", "PLAIN");
        config.put("sasl.jaas.config", LocalKafkaBroker.SaslSslListener.jaasConfig("shiporskip", password));
        config.put("ssl.truststore.location", secure.certificates().trustStore().toString());
        config.put("ssl.truststore.password", secure.certificates().password());
        config.put("ssl.truststore.type", "PKCS12");
        return config;
    }
}
