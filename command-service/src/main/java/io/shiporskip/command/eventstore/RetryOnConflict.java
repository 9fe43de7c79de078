package io.shiporskip.command.eventstore;

import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Retries a command that lost an optimistic-concurrency race, so it is decided again on the winner's state; nothing
 * else is retried (a rejection stays a rejection). Axon treats a lost race to create a stream (two first votes of one
 * voter at once) as permanent; here it is retried too, since the second attempt finds the stream and decides on it.
 */
final class RetryOnConflict extends IntervalRetryScheduler {

    RetryOnConflict(ScheduledExecutorService executor, int maxRetries, int intervalMillis) {
        super(IntervalRetryScheduler.builder().retryExecutor(executor).maxRetryCount(maxRetries)
                .retryInterval(intervalMillis));
    }

    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return false;
            }
        }
        return true;
    }
}
