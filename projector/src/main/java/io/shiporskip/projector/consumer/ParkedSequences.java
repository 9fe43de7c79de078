package io.shiporskip.projector.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Set;

/**
 * The order rule for dead letters: once an event of a subject is parked, every later event of that subject waits in
 * the dead-letter table too (other subjects go on), until a retry or skip of the first releases them in order. The
 * subject of a record is its Kafka key (the relay keys every event by its CloudEvent subject).
 *
 * <p>Consumer batches read the held subjects under a shared advisory lock; a release holds it exclusively, so a batch
 * either sees a subject still held (and parks behind it, where the release finds the event) or sees it released.
 */
final class ParkedSequences {

    /** Distinct from Generations' view lock; batches take it shared, a release exclusively. */
    private static final long RELEASE_LOCK = 0x5e1ec7_0002L;

    private ParkedSequences() {
    }

    /** In a consumer transaction (after the write target is entered): the subjects whose events must wait. */
    static Set<String> held(JdbcClient jdbc, DeadLetterParking deadLetters) {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(" + RELEASE_LOCK + ")").query().singleRow();
        return deadLetters.heldSubjects();
    }

    /** In a release transaction: no consumer batch decides about held subjects until it commits. */
    static void lockForRelease(JdbcClient jdbc) {
        jdbc.sql("SELECT pg_advisory_xact_lock(" + RELEASE_LOCK + ")").query().singleRow();
    }

    static boolean isHeld(ConsumerRecord<String, byte[]> record, Set<String> held) {
        return record.key() != null && held.contains(record.key());
    }
}
