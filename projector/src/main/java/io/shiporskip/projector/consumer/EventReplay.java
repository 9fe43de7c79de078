package io.shiporskip.projector.consumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies single events exactly as the consumer does (deduplicated by id, every projection in order): a parked dead
 * letter on retry, or the event store's history when read models are recomputed for verification.
 */
@Component
public class EventReplay {

    private final BatchApplier applier;
    private final TransactionTemplate transaction;

    EventReplay(BatchApplier applier, TransactionTemplate transaction) {
        this.applier = applier;
        this.transaction = transaction;
    }

    /** In a transaction of its own. */
    public void apply(byte[] cloudEvent) {
        transaction.executeWithoutResult(status -> applier.applyInCurrentTransaction(cloudEvent));
    }

    /** Inside the caller's transaction (which may have pointed {@code search_path} at another schema). */
    public boolean applyInCurrentTransaction(byte[] cloudEvent) {
        return applier.applyInCurrentTransaction(cloudEvent);
    }
}
