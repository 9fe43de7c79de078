package io.shiporskip.infra.bench;

import io.shiporskip.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The rebuild baseline: a bare kafka-clients consumer reading every record of the events topic, doing nothing with it. */
final class TopicBaseline {

    private TopicBaseline() {
    }

    /** @param megabytes the records' values, 10^6 bytes */
    record Read(long events, double seconds, double eventsPerSecond, double megabytes) {
    }

    static Read readAll(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(p -> new TopicPartition(Topics.EVENTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                records += batch.count();
                for (var r : batch) {
                    bytes += r.value().length;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return new Read(records, Latencies.round(s), Latencies.round(records / s), Latencies.round(bytes / 1e6));
        }
    }
}
