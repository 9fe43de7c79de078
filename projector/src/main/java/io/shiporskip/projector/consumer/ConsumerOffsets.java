package io.shiporskip.projector.consumer;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The projector's Kafka offsets, kept in PostgreSQL beside the read models so both commit or neither does. An offset
 * never moves back: an instance that lost its partition in a rebalance cannot rewind the new owner's progress.
 */
@Component
class ConsumerOffsets {

    private final JdbcClient jdbc;

    ConsumerOffsets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored offsets of this instance of the topic; offsets read from an earlier instance of it do not count. */
    Map<TopicPartition, Long> load(Collection<TopicPartition> partitions, String topicId) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        for (TopicPartition p : partitions) {
            jdbc.sql("SELECT next_offset FROM projection_offset WHERE topic = ? AND partition = ? AND topic_id = ?")
                    .params(p.topic(), p.partition(), topicId).query(Long.class).optional()
                    .ifPresent(offset -> stored.put(p, offset));
        }
        return stored;
    }

    void advance(TopicPartition partition, String topicId, long nextOffset) {
        jdbc.sql("""
                INSERT INTO projection_offset (topic, partition, topic_id, next_offset, updated_at) VALUES (?, ?, ?, ?, now())
                ON CONFLICT (topic, partition) DO UPDATE
                SET next_offset = CASE WHEN projection_offset.topic_id = EXCLUDED.topic_id
                                       THEN GREATEST(projection_offset.next_offset, EXCLUDED.next_offset)
                                       ELSE EXCLUDED.next_offset END,
                    topic_id = EXCLUDED.topic_id, updated_at = now()
                """).params(partition.topic(), partition.partition(), topicId, nextOffset).update();
    }
}
