package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.projector.consumer.WriteTarget;
import io.shiporskip.projector.eventstore.StoredEvents;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.util.Map;

/** The event store's whole history into a new generation, which then goes on reading the topic from given offsets. */
@Component
class StoreReplay {

    private final StoredEvents storedEvents;
    private final EventReplay replay;

    StoreReplay(StoredEvents storedEvents, EventReplay replay) {
        this.storedEvents = storedEvents;
        this.replay = replay;
    }

    /**
     * Replays the store, then records {@code topicEnd} (taken before the store was read) as where the generation's
     * topic reading resumes: an event committed late, behind the store reader, still arrives from the topic, and one
     * read twice is deduplicated by id.
     */
    void replayThenResumeAt(Map<TopicPartition, Long> topicEnd, String topicId, WriteTarget target,
                            RebuildProgress progress) {
        progress.phase("REPLAYING_STORE");
        progress.remaining(storedEvents.count());
        long[] reported = {0};
        storedEvents.replayInto(target, read -> {
            progress.applied(read - reported[0]);
            reported[0] = read;
        }, () -> progress.cancelRequestedBy() != null);
        RebuildCancelled.stopIfRequested(progress);
        replay.resumeAt(topicEnd, topicId, target);
    }
}
