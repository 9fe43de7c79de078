package io.shiporskip.projector.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.support.transients.DatabaseUnreachable;
import io.shiporskip.support.transients.TransientFailures;
import io.shiporskip.support.transients.TransientRetry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one polled batch: read-model rows, applied-event ids and offsets in a single transaction; or, to isolate an
 * event that cannot be applied, one transaction per event.
 */
@Component
class BatchApplier {

    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);

    private final JdbcClient jdbc;
    private final AppliedEvents appliedEvents;
    private final ConsumerOffsets offsets;
    private final List<Projection> projections;
    private final CloudEventCodec codec;
    private final TransactionTemplate transaction;
    private final DeadLetterParking deadLetters;
    private final Counter applied;
    private final Counter duplicates;
    private final TransientRetry retry;

    BatchApplier(JdbcClient jdbc, AppliedEvents appliedEvents, ConsumerOffsets offsets, List<Projection> projections,
                 CloudEventCodec codec, TransactionTemplate transaction, DeadLetterParking deadLetters,
                 MeterRegistry meters, TransientRetry retry) {
        this.jdbc = jdbc;
        this.retry = retry;
        this.deadLetters = deadLetters;
        this.appliedEvents = appliedEvents;
        this.offsets = offsets;
        this.projections = projections;
        this.codec = codec;
        this.transaction = transaction;
        this.applied = meters.counter("shiporskip.projector.events.applied");
        this.duplicates = meters.counter("shiporskip.projector.events.duplicates");
    }

    /**
     * The batch in one transaction; a transient conflict (a deadlock victim, say) rolls it back whole and it runs
     * again as it was, since nothing of it was kept. Events of a subject held by a dead letter are parked behind it.
     */
    void apply(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        apply(records, topicId, target, RowWrites.STATEMENTS);
    }

    /**
     * A rebuild's batch into the generation it builds, its append-only rows by {@code COPY} ({@link RowWrites#COPY}).
     * The ids are recorded without a check first ({@link AppliedEvents#recordAllNew}); when one of them was applied
     * before (the relay published a record twice), the primary key refuses it, that transaction rolls back whole, and
     * the batch is applied again as the live path applies one, which skips what was applied before.
     */
    void applyCopying(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget.Schema target) {
        try {
            apply(records, topicId, target, RowWrites.COPY);
        } catch (CopyRows.CopyFailed failed) {
            if (!failed.isDuplicateKey()) {
                throw failed;
            }
            log.info("A rebuild batch of {} events holds one applied before; applied again without COPY",
                    records.count());
            apply(records, topicId, target, RowWrites.STATEMENTS);
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target,
                       RowWrites writes) {
        int[] held = {0};
        Integer first = retry.call("projection-batch", () -> transaction.execute(status -> {
            target.enter(jdbc);
            Set<String> heldSubjects = ParkedSequences.held(jdbc, deadLetters);
            List<byte[]> values = new ArrayList<>(records.count());
            held[0] = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                if (ParkedSequences.isHeld(record, heldSubjects)) {
                    deadLetters.parkBehind(record);
                    held[0]++;
                } else {
                    values.add(record.value());
                }
            }
            int applied = applyInCurrentTransaction(values, writes);
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
                offsets.advance(partition, topicId, inPartition.get(inPartition.size() - 1).offset() + 1);
            }
            return applied;
        }));
        count(records.count() - held[0], first == null ? 0 : first);
    }

    /**
     * Applies the records one transaction each, so that one that cannot be applied is found: it is parked as a dead
     * letter (with its offset, in its own transaction), the later events of its subject wait behind it, and the others
     * go on. A transient conflict is no fault of the event: it is retried, and if it persists the whole batch fails
     * again, so nothing is parked for it.
     */
    void applyOneByOne(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            try {
                Integer first = retry.call("projection-event", () -> transaction.execute(status -> {
                    target.enter(jdbc);
                    int applied = 0;
                    if (ParkedSequences.isHeld(record, ParkedSequences.held(jdbc, deadLetters))) {
                        deadLetters.parkBehind(record);
                    } else {
                        applied = applyInCurrentTransaction(List.of(record.value()));
                    }
                    offsets.advance(partition, topicId, record.offset() + 1);
                    return applied;
                }));
                count(1, first == null ? 0 : first);
            } catch (WriteTarget.GenerationSwitched switched) {
                throw switched;
            } catch (RuntimeException e) {
                if (TransientFailures.isTransient(e) || DatabaseUnreachable.is(e)) {
                    // no fault of the event: a conflict, or a connection lost (a stale one after a restart); the
                    // batch fails again and is read again, and nothing is parked for it
                    throw e;
                }
                retry.run("dead-letter-park", () -> transaction.executeWithoutResult(status -> {
                    target.enter(jdbc);
                    deadLetters.park(record, e);
                    offsets.advance(partition, topicId, record.offset() + 1);
                }));
            }
        }
    }

    /**
     * Applies, in order, the events not applied before; returns how many that was. Consecutive votes go to every
     * projection as one run (set-based statements), any other event to every projection on its own, so a projection
     * that reads another's rows (the state history) sees them as they stood after exactly that event.
     */
    int applyInCurrentTransaction(List<byte[]> values) {
        return applyInCurrentTransaction(values, RowWrites.STATEMENTS);
    }

    private int applyInCurrentTransaction(List<byte[]> values, RowWrites writes) {
        List<Applied> events = new ArrayList<>(values.size());
        List<CloudEvent> envelopes = new ArrayList<>(values.size());
        Set<String> seen = new HashSet<>();
        for (byte[] value : values) {
            // any published version, upcast: every projection sees the current type and data only
            CloudEvent envelope = codec.currentVersion(codec.read(value));
            if (seen.add(envelope.id())) { // a record the relay published twice within the batch counts once
                envelopes.add(envelope);
                events.add(new Applied(codec.payload(envelope), envelope));
            }
        }
        Set<String> firstTime;
        if (writes == RowWrites.COPY) {
            appliedEvents.recordAllNew(envelopes);
            firstTime = seen;
        } else {
            firstTime = appliedEvents.firstTimes(envelopes);
        }
        List<Applied> votes = new ArrayList<>();
        int count = 0;
        for (Applied event : events) {
            if (!firstTime.contains(event.envelope().id())) {
                continue;
            }
            count++;
            if (event.isVote()) {
                votes.add(event);
            } else {
                applyVotes(votes, writes);
                projections.forEach(projection -> projection.apply(event.event(), event.envelope()));
            }
        }
        applyVotes(votes, writes);
        return count;
    }

    private void applyVotes(List<Applied> votes, RowWrites writes) {
        if (!votes.isEmpty()) {
            List<Applied> run = List.copyOf(votes);
            projections.forEach(projection -> projection.applyVotes(run, writes));
            votes.clear();
        }
    }

    private void count(int received, int first) {
        applied.increment(first);
        duplicates.increment(received - first);
    }
}
