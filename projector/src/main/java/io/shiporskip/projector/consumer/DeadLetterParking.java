package io.shiporskip.projector.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Set;

/**
 * Where the consumer puts an event it cannot apply, so that its partition goes on; and the events of the same subject
 * after it, which wait behind it so that the subject's events are applied in order (Axon's sequenced dead letters).
 */
public interface DeadLetterParking {

    /** Records the event and the failure; called inside the transaction that also moves the offset past it. */
    void park(ConsumerRecord<String, byte[]> record, Exception failure);

    /** Records an event that waits behind its subject's parked one; in the transaction that moves the offset past it. */
    void parkBehind(ConsumerRecord<String, byte[]> record);

    /** The subjects that have parked events, as this transaction sees them. */
    Set<String> heldSubjects();
}
