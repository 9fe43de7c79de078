package io.shiporskip.infra.testing;

import io.shiporskip.infra.kafka.LocalKafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker per test JVM (about 4 s to start), and a fresh topic per test class so that classes sharing
 * the broker never see each other's events.
 */
public final class TestKafka {

    public static final int PARTITIONS = 6;

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static LocalKafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized LocalKafkaBroker broker() {
        if (broker == null) {
            // a free port can be taken between picking it and the broker binding it: try again on new ports
            for (int attempt = 1; broker == null; attempt++) {
                try {
                    Path dir = Files.createTempDirectory("shiporskip-kafka-");
                    broker = LocalKafkaBroker.start(dir, FreePorts.next(), FreePorts.next());
                } catch (IOException | RuntimeException e) {
                    if (attempt >= 3) {
                        throw new IllegalStateException("could not start the test Kafka broker", e);
                    }
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A new topic shaped like the events topic (6 partitions, no retention limit), every partition led. */
    public static String freshTopic() {
        String topic = "shiporskip.events.test-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
        broker().createTopics(Map.of(topic, PARTITIONS), Duration.ofSeconds(30));
        return topic;
    }
}
