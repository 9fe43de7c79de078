package io.shiporskip.support.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * The {@code spring.kafka.*} keys of Spring Boot's {@code KafkaProperties} that the services honour, bound as an
 * immutable record (relaxed binding, so {@code SPRING_KAFKA_SECURITY_PROTOCOL},
 * {@code SPRING_KAFKA_SSL_TRUST_STORE_LOCATION} and {@code SPRING_KAFKA_PROPERTIES_SASL_MECHANISM} work as environment
 * variables).
 *
 * <p>Why not Boot's own {@code KafkaProperties}: it needs spring-kafka on the classpath, and spring-kafka switches on
 * {@code KafkaAutoConfiguration} (a {@code KafkaTemplate}, producer and consumer factories, a {@code KafkaAdmin},
 * listener container factories) that nothing here uses — the services use plain kafka-clients and would have to
 * exclude it again. The keys are the same, so a configuration written for Boot's binding works here for the subset
 * below; other {@code spring.kafka.*} keys (e.g. {@code spring.kafka.producer.acks}) are not read: set any client
 * property through the {@code properties} maps instead (see docs/operations.md, "Kafka security").
 *
 * @param bootstrapServers {@code spring.kafka.bootstrap-servers}: host:port pairs (comma-separated as one value)
 * @param security         {@code spring.kafka.security.protocol}: PLAINTEXT (Kafka's default), SSL, SASL_PLAINTEXT,
 *                         SASL_SSL
 * @param ssl              {@code spring.kafka.ssl.*}: key and trust stores (file paths; a {@code file:} prefix is
 *                         accepted, as Boot writes resources)
 * @param properties       {@code spring.kafka.properties.*}: any client property, for every client (e.g.
 *                         {@code sasl.mechanism}, {@code sasl.jaas.config})
 * @param producer         {@code spring.kafka.producer.properties.*}: producers only
 * @param consumer         {@code spring.kafka.consumer.properties.*}: consumers only
 * @param admin            {@code spring.kafka.admin.properties.*}: admin clients only
 */
// ignoreUnknownFields = false: a Boot key this binding does not read (spring.kafka.producer.acks, a misspelt
// spring.kafka.ssl.truststore-location) stops the service at start instead of being silently ignored
@ConfigurationProperties(prefix = "spring.kafka", ignoreUnknownFields = false)
public record KafkaSettings(List<String> bootstrapServers, Security security, Ssl ssl,
                            Map<String, String> properties, Client producer, Client consumer, Client admin) {

    public KafkaSettings {
        bootstrapServers = bootstrapServers == null ? List.of() : List.copyOf(bootstrapServers);
        security = security == null ? new Security(null) : security;
        ssl = ssl == null ? new Ssl(null, null, null, null, null, null, null, null, null, null, null) : ssl;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        producer = producer == null ? new Client(null) : producer;
        consumer = consumer == null ? new Client(null) : consumer;
        admin = admin == null ? new Client(null) : admin;
    }

    /** @param protocol Kafka's {@code security.protocol} */
    public record Security(String protocol) {
    }

    /**
     * Boot's {@code spring.kafka.ssl.*} keys, each to its Kafka {@code ssl.*} property.
     *
     * @param keyStoreCertificateChain PEM, to {@code ssl.keystore.certificate.chain}
     * @param keyStoreKey              PEM, to {@code ssl.keystore.key}
     * @param trustStoreCertificates   PEM, to {@code ssl.truststore.certificates}
     * @param protocol                 to {@code ssl.protocol}
     */
    public record Ssl(String keyPassword, String keyStoreLocation, String keyStorePassword, String keyStoreType,
                      String keyStoreCertificateChain, String keyStoreKey,
                      String trustStoreLocation, String trustStorePassword, String trustStoreType,
                      String trustStoreCertificates, String protocol) {
    }

    /** @param properties client properties for one kind of client, over {@code spring.kafka.properties.*} */
    public record Client(Map<String, String> properties) {
        public Client {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }
}
