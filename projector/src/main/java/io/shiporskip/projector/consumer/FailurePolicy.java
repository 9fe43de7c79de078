package io.shiporskip.projector.consumer;

import io.shiporskip.projector.ProjectorProperties;
import io.shiporskip.support.transients.DatabaseUnreachable;
import io.shiporskip.support.transients.TransientFailures;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * What the live consumer and a rebuild do when a batch fails, in one place:
 * <ul>
 *   <li>a transient conflict (deadlock victim, serialization failure, lock timeout) is retried inside the batch's own
 *       transaction by {@code TransientRetry} ({@link BatchApplier}); if it outlasts those attempts the batch fails;</li>
 *   <li>a failed batch kept nothing and is applied again, after a pause that starts at {@code retry-backoff} and
 *       doubles up to 15 s;</li>
 *   <li>after {@code isolate-after-failures} failures in a row, and only while the database answers, the batch is
 *       applied one event per transaction, and an event that still fails is parked as a dead letter; a transient
 *       failure never counts toward that, so a database in trouble can never get an event parked.</li>
 * </ul>
 */
@Component
public class FailurePolicy {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final ProjectorProperties properties;
    private final DatabaseProbe database;

    FailurePolicy(ProjectorProperties properties, DatabaseProbe database) {
        this.properties = properties;
        this.database = database;
    }

    /** The failures of one reader (a poll loop, a rebuild lane), to be told of each attempt's outcome. */
    public Failures track() {
        return new Failures();
    }

    /** One reader's failures in a row and its next pause. Not thread-safe: one per reading thread. */
    public final class Failures {

        private int inARow;
        private Duration backoff = properties.retryBackoff();

        private Failures() {
        }

        /** Whether the next attempt is to apply event by event, parking those that cannot be applied. */
        public boolean isolateNext() {
            return inARow >= properties.isolateAfterFailures() && database.answers();
        }

        public void succeeded() {
            inARow = 0;
            backoff = properties.retryBackoff();
        }

        /** Notes a failed attempt; returns how long to pause before the next one. */
        public Duration failed(RuntimeException failure) {
            // a conflict that outlasted the retries, or a lost connection, is no sign of a poison event: never
            // isolate (park) for it
            inARow += TransientFailures.isTransient(failure) || DatabaseUnreachable.is(failure) ? 0 : 1;
            Duration pause = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            return pause;
        }
    }
}
