package io.shiporskip.projector.rebuild;

import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Which history a rebuild reads: the topic from its start, or the event store (then the topic from its end). */
@Component
class SourceChoice {

    /**
     * The source for a request: AUTO takes the topic only while it still holds every event (starts at offset 0);
     * KAFKA is refused when it does not.
     *
     * @param first each partition's first offset
     */
    RebuildSource resolve(RebuildSource requested, Map<TopicPartition, Long> first) {
        boolean complete = first.values().stream().allMatch(offset -> offset == 0);
        if (requested == RebuildSource.AUTO) {
            return complete ? RebuildSource.KAFKA : RebuildSource.EVENT_STORE;
        }
        if (requested == RebuildSource.KAFKA && !complete) {
            throw new IllegalStateException("the topic no longer starts at offset 0 (first offsets " + first.values()
                    + "): its oldest events are gone; rebuild from EVENT_STORE");
        }
        return requested;
    }
}
