package io.shiporskip.projector.consumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Applies one parked event again, in its own transaction, exactly as the consumer would (deduplicated by id). */
@Component
public class DeadLetterReplay {

    private final BatchApplier applier;
    private final TransactionTemplate transaction;

    DeadLetterReplay(BatchApplier applier, TransactionTemplate transaction) {
        this.applier = applier;
        this.transaction = transaction;
    }

    public void apply(byte[] payload) {
        transaction.executeWithoutResult(status -> applier.applyInCurrentTransaction(payload));
    }
}
