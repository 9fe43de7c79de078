package io.shiporskip.projector.consumer;

import io.shiporskip.projector.generations.Generations;
import io.shiporskip.support.transients.TransientFailures;
import io.shiporskip.support.transients.TransientRetry;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies events exactly as the consumer does (deduplicated by id, every projection in order), for those that build
 * read models elsewhere than the live consumer: a parked dead letter on retry, a rebuild into a new generation, the
 * event store's history recomputed for verification.
 */
@Component
public class EventReplay {

    private final BatchApplier applier;
    private final ConsumerOffsets offsets;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final TransientRetry retry;

    EventReplay(BatchApplier applier, ConsumerOffsets offsets, TransactionTemplate transaction, JdbcClient jdbc,
                TransientRetry retry) {
        this.retry = retry;
        this.applier = applier;
        this.offsets = offsets;
        this.transaction = transaction;
        this.jdbc = jdbc;
    }

    /** One step of a dead-letter release: applies a parked event, or returns the failure that keeps it parked. */
    public interface Release {
        Optional<RuntimeException> tryApply(byte[] cloudEvent);
    }

    /**
     * A dead-letter release (retry or skip, then the events that waited behind) in one transaction on the serving
     * generation. Like a live batch it first reads the generation row FOR SHARE, so a generation switch never falls in
     * the middle of it; it then holds the release lock exclusively, so no consumer batch decides about a subject's
     * held events until it commits ({@link ParkedSequences}). Each event is applied under a savepoint: one that fails
     * is undone alone and reported. A transient conflict rolls the whole release back and runs it again.
     */
    public <T> T release(Function<Release, T> work) {
        return retry.call("dead-letter-release", () -> transaction.execute(status -> {
            jdbc.sql("SELECT current FROM " + Generations.SERVING + ".generation WHERE id = 1 FOR SHARE")
                    .query(Integer.class).single();
            ParkedSequences.lockForRelease(jdbc);
            return work.apply(cloudEvent -> {
                Object savepoint = status.createSavepoint();
                try {
                    applier.applyInCurrentTransaction(List.of(cloudEvent));
                    status.releaseSavepoint(savepoint);
                    return Optional.empty();
                } catch (RuntimeException e) {
                    if (TransientFailures.isTransient(e)) {
                        throw e; // the whole release runs again; nothing of it is kept
                    }
                    status.rollbackToSavepoint(savepoint);
                    return Optional.of(e);
                }
            });
        }));
    }

    /**
     * Events in one transaction of their own, into the target; returns how many were not applied before. A transient
     * conflict rolls it back whole and it runs again; any other failure ends the caller's replay (a store replay has
     * no offsets to park an event at).
     */
    public int applyAll(List<byte[]> cloudEvents, WriteTarget target) {
        Integer applied = retry.call("store-replay", () -> transaction.execute(status -> {
            target.enter(jdbc);
            return applier.applyInCurrentTransaction(cloudEvents);
        }));
        return applied == null ? 0 : applied;
    }

    /** A polled batch into the target, with the target's offsets, in one transaction. */
    public void applyBatch(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        applier.apply(records, topicId, target);
    }

    /**
     * A rebuild's polled batch, as {@link #applyBatch}, its append-only rows by {@code COPY} when the target is a
     * generation's own schema (COPY cannot write through the serving views).
     */
    public void applyBatchCopying(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        if (target instanceof WriteTarget.Schema schema) {
            applier.applyCopying(records, topicId, schema);
        } else {
            applier.apply(records, topicId, target);
        }
    }

    /** A batch that failed as a whole: event by event, parking in the target those that cannot be applied. */
    public void applyIsolating(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        applier.applyOneByOne(records, topicId, target);
    }

    /** Records where the target's consumer is to resume reading, for events it got from elsewhere than the topic. */
    public void resumeAt(Map<TopicPartition, Long> nextOffsets, String topicId, WriteTarget target) {
        retry.run("store-replay", () -> transaction.executeWithoutResult(status -> {
            target.enter(jdbc);
            nextOffsets.forEach((partition, next) -> offsets.advance(partition, topicId, next));
        }));
    }
}
