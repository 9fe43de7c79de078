package io.shiporskip.projector.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where the consumer puts an event it cannot apply, so that its partition goes on. */
public interface DeadLetterParking {

    /** Records the event and the failure; called inside the transaction that also moves the offset past it. */
    void park(ConsumerRecord<String, byte[]> record, Exception failure);
}
