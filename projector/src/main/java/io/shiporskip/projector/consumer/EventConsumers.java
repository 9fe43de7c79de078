package io.shiporskip.projector.consumer;

import io.shiporskip.projector.ProjectorProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * The one place Kafka consumers of the event topic are made, for the live consumer and for rebuilds: keys as strings,
 * values as the CloudEvent bytes, and Kafka's own offset commits off everywhere (every reader's offsets are stored
 * with its read models, in the same transaction).
 */
@Component
public class EventConsumers {

    private final ProjectorProperties properties;

    EventConsumers(ProjectorProperties properties) {
        this.properties = properties;
    }

    /** A member of the projector's consumer group, which hands out the partitions (the live consumer). */
    Consumer<String, byte[]> groupMember() {
        Map<String, Object> config = common("shiporskip-projector-");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.sessionTimeout().toMillis() / 3);
        return create(config);
    }

    /**
     * A consumer without a group, for partitions its user assigns and seeks itself (a rebuild), in larger batches:
     * a rebuild applies up to {@code rebuild-batch-size} events per transaction.
     */
    public Consumer<String, byte[]> withoutGroup() {
        Map<String, Object> config = common("shiporskip-rebuild-");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.rebuildBatchSize());
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        return create(config);
    }

    private Map<String, Object> common(String clientIdPrefix) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + ProcessHandle.current().pid());
        return config;
    }

    private static Consumer<String, byte[]> create(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
