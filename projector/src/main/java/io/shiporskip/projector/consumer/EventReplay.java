package io.shiporskip.projector.consumer;

import io.shiporskip.support.transients.TransientRetry;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;

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

    /** In a transaction of its own, into the serving read models; a transient conflict is retried. */
    public void apply(byte[] cloudEvent) {
        retry.run("dead-letter-retry", () ->
                transaction.executeWithoutResult(status -> applier.applyInCurrentTransaction(List.of(cloudEvent))));
    }

    /** Events in one transaction of their own, into the target; returns how many were not applied before. */
    public int applyAll(List<byte[]> cloudEvents, WriteTarget target) {
        Integer applied = transaction.execute(status -> {
            target.enter(jdbc);
            return applier.applyInCurrentTransaction(cloudEvents);
        });
        return applied == null ? 0 : applied;
    }

    /** A polled batch into the target, with the target's offsets, in one transaction. */
    public void applyBatch(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        applier.apply(records, topicId, target);
    }

    /** A batch that failed as a whole: event by event, parking in the target those that cannot be applied. */
    public void applyIsolating(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        applier.applyOneByOne(records, topicId, target);
    }

    /** Records where the target's consumer is to resume reading, for events it got from elsewhere than the topic. */
    public void resumeAt(Map<TopicPartition, Long> nextOffsets, String topicId, WriteTarget target) {
        transaction.executeWithoutResult(status -> {
            target.enter(jdbc);
            nextOffsets.forEach((partition, next) -> offsets.advance(partition, topicId, next));
        });
    }
}
