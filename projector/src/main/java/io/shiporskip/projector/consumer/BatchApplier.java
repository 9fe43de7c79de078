package io.shiporskip.projector.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Applies one polled batch: read-model rows, applied-event ids and offsets in a single transaction; or, to isolate an
 * event that cannot be applied, one transaction per event.
 */
@Component
class BatchApplier {

    private final JdbcClient jdbc;
    private final AppliedEvents appliedEvents;
    private final ConsumerOffsets offsets;
    private final List<Projection> projections;
    private final CloudEventCodec codec;
    private final TransactionTemplate transaction;
    private final DeadLetterParking deadLetters;
    private final Counter applied;
    private final Counter duplicates;

    BatchApplier(JdbcClient jdbc, AppliedEvents appliedEvents, ConsumerOffsets offsets, List<Projection> projections,
                 CloudEventCodec codec, TransactionTemplate transaction, DeadLetterParking deadLetters,
                 MeterRegistry meters) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.appliedEvents = appliedEvents;
        this.offsets = offsets;
        this.projections = projections;
        this.codec = codec;
        this.transaction = transaction;
        this.applied = meters.counter("shiporskip.projector.events.applied");
        this.duplicates = meters.counter("shiporskip.projector.events.duplicates");
    }

    void apply(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        int[] counts = new int[2];
        transaction.executeWithoutResult(status -> {
            target.enter(jdbc);
            for (ConsumerRecord<String, byte[]> record : records) {
                counts[applyInCurrentTransaction(record.value()) ? 0 : 1]++;
            }
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
                offsets.advance(partition, topicId, inPartition.get(inPartition.size() - 1).offset() + 1);
            }
        });
        applied.increment(counts[0]);
        duplicates.increment(counts[1]);
    }

    /**
     * Applies the records one transaction each, so that one that cannot be applied is found: it is parked as a dead
     * letter (with its offset, in its own transaction) and the others go on.
     */
    void applyOneByOne(ConsumerRecords<String, byte[]> records, String topicId, WriteTarget target) {
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            try {
                boolean first = Boolean.TRUE.equals(transaction.execute(status -> {
                    target.enter(jdbc);
                    boolean applied = applyInCurrentTransaction(record.value());
                    offsets.advance(partition, topicId, record.offset() + 1);
                    return applied;
                }));
                (first ? applied : duplicates).increment();
            } catch (WriteTarget.GenerationSwitched switched) {
                throw switched;
            } catch (RuntimeException e) {
                transaction.executeWithoutResult(status -> {
                    target.enter(jdbc);
                    deadLetters.park(record, e);
                    offsets.advance(partition, topicId, record.offset() + 1);
                });
            }
        }
    }

    /** Applies one event unless it was applied before; true when it was applied now. */
    boolean applyInCurrentTransaction(byte[] value) {
        CloudEvent envelope = codec.read(value);
        if (!appliedEvents.firstTime(envelope)) {
            return false;
        }
        ShipOrSkipEvent event = codec.payload(envelope);
        projections.forEach(projection -> projection.apply(event, envelope));
        return true;
    }
}
