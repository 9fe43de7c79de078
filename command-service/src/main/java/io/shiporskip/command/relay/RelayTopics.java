package io.shiporskip.command.relay;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.command.CommandServiceProperties;
import io.shiporskip.support.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The events topic as the relay knows it ({@code relay_topic}: which instance it published the history to, and from
 * which offset of each partition that history is whole) and as the broker shows it now (topic id, first and end
 * offsets). One home for the rule "the topic lost events": another instance, or a partition whose first offset moved
 * past the start of the history.
 */
@Component
class RelayTopics {

    /** The topic as the broker shows it. */
    record Observed(String topicId, Map<Integer, Long> first, Map<Integer, Long> end) {
    }

    /** The topic as the relay recorded it. */
    record Recorded(String topicId, Map<Integer, Long> historyFrom, Long republishUntil) {
    }

    private static final TypeReference<Map<Integer, Long>> OFFSETS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final CommandServiceProperties properties;
    private final KafkaClients kafka;
    private final ObjectMapper json = new ObjectMapper();

    RelayTopics(JdbcClient jdbc, CommandServiceProperties properties, KafkaClients kafka) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.kafka = kafka;
    }

    /** The topic now; empty when the broker does not answer or the topic does not exist (deleted, not yet created). */
    Optional<Observed> observe() throws Exception {
        String topic = properties.eventsTopic();
        try (Admin admin = Admin.create(kafka.admin("relay topic watch", Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "shiporskip-relay-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            Map<Integer, Long> first = new TreeMap<>();
            admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS)
                    .forEach((p, info) -> first.put(p.partition(), info.offset()));
            Map<Integer, Long> end = new TreeMap<>();
            admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS)
                    .forEach((p, info) -> end.put(p.partition(), info.offset()));
            return Optional.of(new Observed(description.topicId().toString(), first, end));
        }
    }

    Optional<Recorded> recorded() {
        return jdbc.sql("SELECT topic_id, history_from::text AS history_from, republish_until FROM relay_topic WHERE topic = ?")
                .param(properties.eventsTopic())
                .query((rs, n) -> new Recorded(rs.getString("topic_id"), offsets(rs.getString("history_from")),
                        (Long) rs.getObject("republish_until")))
                .optional();
    }

    /** Why the topic no longer holds the history the relay published (empty: it does). */
    static Optional<String> lost(Recorded recorded, Observed now) {
        if (!recorded.topicId().equals(now.topicId())) {
            return Optional.of("it was recreated (topic id " + recorded.topicId() + " is now " + now.topicId() + ")");
        }
        for (Map.Entry<Integer, Long> first : now.first().entrySet()) {
            long historyFrom = recorded.historyFrom().getOrDefault(first.getKey(), 0L);
            if (first.getValue() > historyFrom) {
                return Optional.of("partition " + first.getKey() + " was truncated (it starts at offset "
                        + first.getValue() + ", the relay's history at " + historyFrom + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Records that the relay publishes the whole history again into this topic, from its current end offsets, and
     * that it is whole once the relay passes the store's last event as of now.
     */
    void recordRepublish(Observed now) {
        Long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).optional().orElse(null);
        jdbc.sql("""
                INSERT INTO relay_topic (topic, topic_id, history_from, republish_until) VALUES (?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (topic) DO UPDATE SET topic_id = EXCLUDED.topic_id, history_from = EXCLUDED.history_from,
                    republish_until = EXCLUDED.republish_until
                """).params(properties.eventsTopic(), now.topicId(), write(now.end()), last).update();
    }

    /** The relay has passed the last event the republishing had to cover: the topic holds the whole history again. */
    void completeRepublishIfPassed() {
        jdbc.sql("UPDATE relay_topic SET republish_until = NULL WHERE topic = ? AND republish_until <= ?")
                .params(properties.eventsTopic(), RelayPosition.of(jdbc).orElse(-1L)).update();
    }

    boolean relayHasPublished() {
        return jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = ?")
                .param(KafkaRelay.PROCESSING_GROUP).query(Integer.class).single() > 0;
    }

    /** Drops the relay's tokens: it starts again from the first stored event (its processor must not be running). */
    void resetRelayPosition() {
        jdbc.sql("DELETE FROM token_entry WHERE processor_name = ?").param(KafkaRelay.PROCESSING_GROUP).update();
    }

    private Map<Integer, Long> offsets(String text) {
        try {
            return json.readValue(text, OFFSETS);
        } catch (Exception e) {
            throw new IllegalStateException("relay_topic.history_from is not a map of offsets: " + text, e);
        }
    }

    private String write(Map<Integer, Long> offsets) {
        try {
            return json.writeValueAsString(offsets);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
