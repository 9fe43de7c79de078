package io.shiporskip.infra.testing;

import io.shiporskip.infra.kafka.LocalKafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker per test JVM (in this JVM, about 4 s to start; or a container, {@link TestInfrastructure}),
 * and a fresh topic per test class so that classes sharing the broker never see each other's events.
 */
public final class TestKafka {

    public static final int PARTITIONS = 6;

    /** What tests do with the broker, whichever path it came from. */
    public interface Broker {
        String bootstrapServers();

        /** Creates the topics that do not exist yet and waits until every partition has a leader. */
        void createTopics(Map<String, Integer> partitionsByTopic, Duration timeout);

        /** Deletes a topic and creates it again: same name, new topic id, empty partitions. */
        void recreateTopic(String topic, int partitions, Duration timeout);
    }

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static Broker selected;
    private static LocalKafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized Broker broker() {
        if (selected == null) {
            selected = TestInfrastructure.selected() == TestInfrastructure.CONTAINERS ? TestContainers.kafka() : local();
        }
        return selected;
    }

    private static Broker local() {
        LocalKafkaBroker local = inJvm();
        return new Broker() {
            @Override
            public String bootstrapServers() {
                return local.bootstrapServers();
            }

            @Override
            public void createTopics(Map<String, Integer> partitionsByTopic, Duration timeout) {
                local.createTopics(partitionsByTopic, timeout);
            }

            @Override
            public void recreateTopic(String topic, int partitions, Duration timeout) {
                local.recreateTopic(topic, partitions, timeout);
            }
        };
    }

    private static LocalKafkaBroker inJvm() {
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
