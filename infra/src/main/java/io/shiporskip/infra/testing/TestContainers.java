package io.shiporskip.infra.testing;

import io.shiporskip.infra.postgres.PostgresEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The {@link TestInfrastructure#CONTAINERS} path: one PostgreSQL and one Kafka container per test JVM, started on first
 * use (Testcontainers removes them when the JVM exits). Tests reach them through the same endpoints as the local path
 * ({@link TestPostgres}, {@link TestKafka}, and {@link ServiceTestProperties} for Spring tests, which is what
 * {@code @ServiceConnection} would do for a container declared in one test class; the end-to-end tests pass them to the
 * services as environment variables). Images pinned to the versions the project builds against. Not run on this
 * project's machines: they have no Docker engine and no registry to pull the images from.
 */
final class TestContainers {

    static final String POSTGRES_IMAGE = "postgres:15.10-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";

    private static PostgreSQLContainer<?> postgres;
    private static KafkaContainer kafka;

    private TestContainers() {
    }

    /** The container's server, as its superuser (so the tests can create databases and roles). */
    static synchronized PostgresEndpoint postgres() {
        if (postgres == null) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(POSTGRES_IMAGE);
            container.start();
            postgres = container;
        }
        return new PostgresEndpoint(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }

    static synchronized TestKafka.Broker kafka() {
        if (kafka == null) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            kafka = container;
        }
        return new AdminBroker(kafka.getBootstrapServers());
    }

    /** Topics made and remade through the Admin API, as the local broker does for itself. */
    private record AdminBroker(String bootstrapServers) implements TestKafka.Broker {

        @Override
        public void createTopics(Map<String, Integer> partitionsByTopic, Duration timeout) {
            try (Admin admin = admin()) {
                for (var topic : partitionsByTopic.entrySet()) {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic.getKey(), topic.getValue(), (short) 1)
                                .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("could not create topic " + topic.getKey(), e.getCause());
                        }
                    }
                }
                Instant deadline = Instant.now().plus(timeout);
                while (!allLed(admin, List.copyOf(partitionsByTopic.keySet()))) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("partitions of " + partitionsByTopic.keySet() + " have no leader");
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void recreateTopic(String topic, int partitions, Duration timeout) {
            try (Admin admin = admin()) {
                admin.deleteTopics(List.of(topic)).all().get();
                Instant deadline = Instant.now().plus(timeout);
                while (admin.listTopics().names().get().contains(topic)) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("topic " + topic + " still exists after " + timeout);
                    }
                    Thread.sleep(100);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not delete topic " + topic, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            createTopics(Map.of(topic, partitions), timeout);
        }

        private Admin admin() {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }

        private static boolean allLed(Admin admin, List<String> topics) throws InterruptedException {
            try {
                return admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream()).map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
            } catch (ExecutionException notYet) {
                return false;
            }
        }
    }
}
