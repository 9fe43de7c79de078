package io.shiporskip.projector.deadletters;

import java.time.Instant;

/** One parked event, as the admin API shows it (the payload stays in the database). */
public record DeadLetter(long id, String topic, int partition, long offset, String eventId, String type, String subject,
                         String error, Instant failedAt, int attempts, String state, String resolvedBy,
                         String resolution, Instant resolvedAt) {
}
