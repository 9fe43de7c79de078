package io.shiporskip.projector.consumer;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.support.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The one place Kafka consumers of the event topic are made, for the live consumer and for rebuilds: keys as strings,
 * values as the CloudEvent bytes, and Kafka's own offset commits off everywhere (every reader's offsets are stored
 * with its read models, in the same transaction).
 */
@Component
public class EventConsumers {

    /** The live consumer's fetch: answered at this many bytes waiting (about 100 events) ... */
    static final int FETCH_MIN_BYTES = 64 * 1024;
    /** ... or after this long: the most a fetch adds to an event's projection lag. */
    static final int FETCH_MAX_WAIT_MS = 20;

    private final ProjectorProperties properties;
    private final KafkaClients kafka;

    EventConsumers(ProjectorProperties properties, KafkaClients kafka) {
        this.properties = properties;
        this.kafka = kafka;
        // both configurations built once now: a setting that contradicts a rebuild's rule stops the projector at
        // start, not the first rebuild hours later
        groupMemberConfig();
        rebuildConfig();
    }

    /**
     * A member of the projector's consumer group, which hands out the partitions (the live consumer). Rules: the
     * group, no auto-commit, a new group starts at the beginning of the topic (a read model misses no event), and the
     * batch size and session timeout of the projector's own settings ({@code shiporskip.*}, one home). Defaults: the
     * broker answers a fetch once {@value #FETCH_MIN_BYTES} bytes are waiting or after {@value #FETCH_MAX_WAIT_MS} ms
     * (Kafka's defaults: 1 byte, 500 ms). Each poll that returns records is one read-model transaction, and with 1
     * byte every relay send (one per relay wake-up, about every 10 ms under load) was a fetch and a transaction of its
     * own; 20 ms lets a few of them share one, adding at most 20 ms to an event's way to the read models (projection
     * lag p99 target: 200 ms; docs/performance.md, "Waste removed from the vote path").
     */
    Consumer<String, byte[]> groupMember() {
        return create(groupMemberConfig());
    }

    private Map<String, Object> groupMemberConfig() {
        return kafka.consumer("projector's group member",
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "shiporskip-projector-" + ProcessHandle.current().pid(),
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords(),
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis(),
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.sessionTimeout().toMillis() / 3));
    }

    /**
     * A consumer without a group, for partitions its user assigns and seeks itself (a rebuild), in larger batches:
     * a rebuild applies up to {@code rebuild-batch-size} events per transaction.
     */
    public Consumer<String, byte[]> withoutGroup() {
        return create(rebuildConfig());
    }

    private Map<String, Object> rebuildConfig() {
        return kafka.consumer("rebuild consumer",
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "shiporskip-rebuild-" + ProcessHandle.current().pid(),
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024),
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.rebuildBatchSize()));
    }

    private static Consumer<String, byte[]> create(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
