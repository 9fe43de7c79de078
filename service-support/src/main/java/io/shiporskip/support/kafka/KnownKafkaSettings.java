package io.shiporskip.support.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashSet;
import java.util.Set;

/**
 * The setting names Kafka's own clients define (their {@code ConfigDef}s, SASL and SSL included), so that a misspelt
 * key is refused at start instead of being logged as "unused" and ignored.
 */
final class KnownKafkaSettings {

    static final Set<String> PRODUCER = Set.copyOf(ProducerConfig.configNames());
    static final Set<String> CONSUMER = Set.copyOf(ConsumerConfig.configNames());
    static final Set<String> ADMIN = Set.copyOf(AdminClientConfig.configNames());
    /** {@code spring.kafka.properties.*} reach every kind of client: a key one of them reads is fine. */
    static final Set<String> ANY_CLIENT = union(PRODUCER, CONSUMER, ADMIN);

    private KnownKafkaSettings() {
    }

    static Set<String> of(String kind) {
        return switch (kind) {
            case "producer" -> PRODUCER;
            case "consumer" -> CONSUMER;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("not a kind of Kafka client: " + kind);
        };
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
