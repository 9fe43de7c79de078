package io.shiporskip.projector.rebuild;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.projector.consumer.FailurePolicy;
import io.shiporskip.projector.consumer.WriteTarget;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** Reading the topic into a new generation: batch by batch, under the live consumer's failure policy. */
@Component
class TopicCatchUp {

    private static final Logger log = LoggerFactory.getLogger(TopicCatchUp.class);
    /** Events still ahead when the switch may begin: what the switch consumes while live projection waits. */
    static final long NEARLY_LEVEL = 2_000;
    static final Duration POLL = Duration.ofMillis(200);

    private final ProjectorProperties properties;
    private final EventReplay replay;
    private final FailurePolicy failurePolicy;

    TopicCatchUp(ProjectorProperties properties, EventReplay replay, FailurePolicy failurePolicy) {
        this.properties = properties;
        this.replay = replay;
        this.failurePolicy = failurePolicy;
    }

    void untilNearlyLevel(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, String topicId,
                          WriteTarget target, RebuildProgress progress) {
        until(consumer, partitions, NEARLY_LEVEL, topicId, target, progress, progress::remaining, () -> false);
    }

    /**
     * Polls and applies until the partitions are at most {@code level} events behind their ends, looking every
     * second or whenever a poll comes back short; {@code behindNow} hears each measurement, {@code stop} ends early.
     */
    void until(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, long level, String topicId,
               WriteTarget target, RebuildProgress progress, LongConsumer behindNow, BooleanSupplier stop) {
        long lastMeasured = 0;
        while (true) {
            RebuildCancelled.stopIfRequested(progress);
            if (stop.getAsBoolean()) {
                throw new IllegalStateException("another rebuild lane failed");
            }
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            apply(records, topicId, target, progress);
            if (records.count() < properties.rebuildBatchSize() || System.nanoTime() - lastMeasured > 1e9) {
                lastMeasured = System.nanoTime();
                long behind = behind(consumer, partitions);
                behindNow.accept(behind);
                if (behind <= level) {
                    return;
                }
            }
        }
    }

    /**
     * One transaction for the batch, applied again while it fails; after as many failures in a row as the live
     * consumer tolerates, event by event, parking in the new generation those that cannot be applied
     * ({@link FailurePolicy}). The records stay in hand, so nothing is re-polled.
     */
    void apply(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target, RebuildProgress progress) {
        if (records.isEmpty()) {
            return;
        }
        FailurePolicy.Failures failures = failurePolicy.track();
        while (true) {
            try {
                if (failures.isolateNext()) {
                    replay.applyIsolating(records, topicId, target);
                } else {
                    replay.applyBatchCopying(records, topicId, target);
                }
                break;
            } catch (RuntimeException failed) {
                Duration pause = failures.failed(failed);
                log.warn("A rebuild batch failed ({}); it is applied again in {}", failed.toString(), pause);
                pause(pause, progress);
            }
        }
        progress.applied(records.count());
    }

    /** Sleeps, but ends the rebuild at once when it is cancelled. */
    private static void pause(Duration pause, RebuildProgress progress) {
        long until = System.nanoTime() + pause.toNanos();
        while (System.nanoTime() < until) {
            RebuildCancelled.stopIfRequested(progress);
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to apply a rebuild batch again", e);
            }
        }
    }

    /** Events between each partition's position and its end, summed. */
    static long behind(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        return partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - consumer.position(p))).sum();
    }
}
