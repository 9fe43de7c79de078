package io.shiporskip.command.relay;

import io.shiporskip.command.CommandServiceProperties;
import jakarta.annotation.PostConstruct;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Before the relay starts: if the events topic is not the instance the relay published to (it was deleted and
 * created again, or the broker's data was wiped), the relay's position is reset so the new topic receives the whole
 * history. Re-publishing is safe: consumers deduplicate by event id.
 */
@Component
class RelayTopicGuard {

    private static final Logger log = LoggerFactory.getLogger(RelayTopicGuard.class);

    private final JdbcClient jdbc;
    private final CommandServiceProperties properties;

    RelayTopicGuard(JdbcClient jdbc, CommandServiceProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @PostConstruct
    void republishIfTopicIsNew() {
        Optional<String> current = currentTopicId();
        if (current.isEmpty()) {
            return;
        }
        Optional<String> known = jdbc.sql("SELECT topic_id FROM relay_topic WHERE topic = ?")
                .param(properties.eventsTopic()).query(String.class).optional();
        boolean relayHasPublished = jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = ?")
                .param(KafkaRelay.PROCESSING_GROUP).query(Integer.class).single() > 0;
        boolean newTopic = known.map(id -> !id.equals(current.get())).orElse(relayHasPublished);
        if (newTopic) {
            log.warn("Topic {} is a new instance ({}): the relay publishes the event history again from the start",
                    properties.eventsTopic(), current.get());
            jdbc.sql("DELETE FROM token_entry WHERE processor_name = ?").param(KafkaRelay.PROCESSING_GROUP).update();
        }
        jdbc.sql("""
                INSERT INTO relay_topic (topic, topic_id) VALUES (?, ?)
                ON CONFLICT (topic) DO UPDATE SET topic_id = EXCLUDED.topic_id
                """).params(properties.eventsTopic(), current.get()).update();
    }

    private Optional<String> currentTopicId() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            return Optional.of(admin.describeTopics(List.of(properties.eventsTopic())).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(properties.eventsTopic()).topicId().toString());
        } catch (Exception e) {
            // Kafka unreachable or topic missing: commands are still accepted; the relay retries publishing
            log.warn("Could not check the identity of topic {}: {}", properties.eventsTopic(), e.toString());
            return Optional.empty();
        } 
    }
}
