package io.shiporskip.infra.testing;

import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads CloudEvents from a topic from the beginning, as any outside consumer would. */
public final class EventTopicReader {

    private EventTopicReader() {
    }

    public record Received(String key, int partition, long offset, CloudEvent event) {
    }

    /** Everything on {@code topic} until {@code done} holds for what was read, or the timeout passes. */
    public static List<Received> readUntil(String bootstrapServers, String topic, Predicate<List<Received>> done,
                                           Duration timeout) {
        CloudEventCodec codec = new CloudEventCodec();
        List<Received> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (!done.test(received) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(new Received(r.key(), r.partition(), r.offset(), codec.read(r.value())));
                }
            }
        }
        return received;
    }
}
