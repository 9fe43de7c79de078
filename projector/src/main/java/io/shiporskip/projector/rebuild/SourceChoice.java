package io.shiporskip.projector.rebuild;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Which history a rebuild reads: the topic from its start, or the event store (then the topic from its end). */
@Component
class SourceChoice {

    private final JdbcClient jdbc;

    SourceChoice(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The source for a request: AUTO takes the topic only while it covers the store ({@link TopicCoverage}); KAFKA is
     * refused when it does not.
     *
     * @param topicId the id of the topic instance the rebuild reads
     * @param first   each partition's first offset
     */
    RebuildSource resolve(RebuildSource requested, String topic, String topicId, Map<TopicPartition, Long> first) {
        return TopicCoverage.resolve(jdbc, requested, topic, topicId, first);
    }
}
