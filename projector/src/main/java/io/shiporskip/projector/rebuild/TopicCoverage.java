package io.shiporskip.projector.rebuild;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;
import java.util.Optional;

/**
 * Whether the events topic holds every stored event, so that a rebuild may read the history from it. Counting records
 * cannot tell (a republished topic holds duplicates, a truncated one may still hold as many records as the store has
 * events), so the rule uses what the relay records of the topic ({@code event_store.relay_topic}): the topic covers the
 * store when
 * <ol>
 *   <li>it is the instance the relay published the history to (same topic id),</li>
 *   <li>no partition starts after the offset from which the relay's history is whole there ({@code history_from}),</li>
 *   <li>and the relay is not still republishing that history ({@code republish_until} cleared once it passed the
 *       store's last event as of the reset).</li>
 * </ol>
 * An empty store is covered by any topic. Otherwise, without the relay's record, the topic is taken not to cover it.
 */
final class TopicCoverage {

    private TopicCoverage() {
    }

    /** The source a rebuild uses: AUTO picks the topic only if it covers the store; KAFKA is refused if it does not. */
    static RebuildSource resolve(JdbcClient jdbc, RebuildSource requested, String topic, String topicId,
                                 Map<TopicPartition, Long> first) {
        if (requested == RebuildSource.EVENT_STORE) {
            return requested;
        }
        Optional<String> gap = gap(jdbc, topic, topicId, first);
        if (requested == RebuildSource.AUTO) {
            return gap.isEmpty() ? RebuildSource.KAFKA : RebuildSource.EVENT_STORE;
        }
        if (gap.isPresent()) {
            throw new IllegalStateException("the topic does not hold every stored event (" + gap.get()
                    + "); rebuild from EVENT_STORE");
        }
        return requested;
    }

    /** Why the topic does not cover the store; empty if it does. */
    static Optional<String> gap(JdbcClient jdbc, String topic, String topicId, Map<TopicPartition, Long> first) {
        boolean storeEmpty = jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM event_store.domain_event_entry)")
                .query(Boolean.class).single();
        if (storeEmpty) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> recorded = jdbc.sql("""
                SELECT topic_id, history_from::text AS history_from, republish_until
                FROM event_store.relay_topic WHERE topic = ?""").param(topic).query().listOfRows().stream().findFirst();
        if (recorded.isEmpty()) {
            return Optional.of("the relay has no record of publishing to it");
        }
        if (!topicId.equals(recorded.get().get("topic_id"))) {
            return Optional.of("it is not the instance the relay published the history to: it was recreated, and the"
                    + " relay republishes within seconds");
        }
        if (recorded.get().get("republish_until") != null) {
            return Optional.of("the relay is still republishing the history into it");
        }
        Map<String, Long> historyFrom = HistoryFrom.parse((String) recorded.get().get("history_from"));
        for (Map.Entry<TopicPartition, Long> partition : first.entrySet()) {
            long from = historyFrom.getOrDefault(String.valueOf(partition.getKey().partition()), 0L);
            if (partition.getValue() > from) {
                return Optional.of("partition " + partition.getKey().partition() + " starts at offset "
                        + partition.getValue() + ", after the start of the history at " + from);
            }
        }
        return Optional.empty();
    }

    /** {@code history_from}: a JSON object of partition number to offset. */
    private static final class HistoryFrom {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        static Map<String, Long> parse(String text) {
            try {
                return JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {
                });
            } catch (Exception e) {
                throw new IllegalStateException("relay_topic.history_from is not a map of offsets: " + text, e);
            }
        }
    }
}
