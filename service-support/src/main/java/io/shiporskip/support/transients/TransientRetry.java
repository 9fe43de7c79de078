package io.shiporskip.support.transients;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a unit of work again when it failed transiently ({@link TransientFailures}, plus whatever the caller adds, such
 * as Axon's lost optimistic-concurrency races), with exponential backoff and full jitter so that the losers of one
 * conflict do not meet again. When the attempts run out the last failure is thrown: callers answer it with 503 and
 * {@code Retry-After} ({@code transient-conflict}), never 500.
 * <p>
 * Counts {@code shiporskip.transient.retries} (each retry) and {@code shiporskip.transient.exhausted} (each give-up),
 * both tagged with the operation.
 */
public class TransientRetry {

    private static final Logger log = LoggerFactory.getLogger(TransientRetry.class);

    /**
     * @param maxAttempts  attempts in all, the first included (at least 1)
     * @param firstBackoff the largest pause before the second attempt; it doubles per attempt up to maxBackoff, and
     *                     each pause is drawn uniformly from zero to that bound
     */
    public record Policy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        long boundMillis(int retry) {
            long bound = firstBackoff.toMillis() << Math.min(retry - 1, 20);
            return Math.max(1, Math.min(bound, maxBackoff.toMillis()));
        }
    }

    private final Policy policy;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Counter> retries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> exhausted = new ConcurrentHashMap<>();

    public TransientRetry(Policy policy, MeterRegistry meters) {
        this.policy = policy;
        this.meters = meters;
    }

    public Policy policy() {
        return policy;
    }

    public <T> T call(String operation, Supplier<T> work) {
        return call(operation, work, failure -> false);
    }

    public void run(String operation, Runnable work) {
        call(operation, () -> {
            work.run();
            return null;
        });
    }

    /** As {@link #call(String, Supplier)}, also retrying failures {@code alsoTransient} accepts. */
    public <T> T call(String operation, Supplier<T> work, Predicate<Throwable> alsoTransient) {
        return callChecked(operation, work::get, alsoTransient);
    }

    /** Work that may throw a checked exception, such as plain JDBC's {@link java.sql.SQLException}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T get() throws E;
    }

    /** As {@link #call(String, Supplier)}, for work that throws a checked exception (rethrown as it is). */
    public <T, E extends Exception> T callChecked(String operation, Work<T, E> work) throws E {
        return callChecked(operation, work, failure -> false);
    }

    private <T, E extends Exception> T callChecked(String operation, Work<T, E> work,
                                                   Predicate<Throwable> alsoTransient) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (Exception failure) {
                if (!TransientFailures.isTransient(failure) && !alsoTransient.test(failure)) {
                    throw failure;
                }
                if (attempt >= policy.maxAttempts()) {
                    counter(exhausted, "shiporskip.transient.exhausted", operation).increment();
                    log.warn("{}: still conflicting after {} attempts: {}", operation, attempt, failure.toString());
                    throw failure;
                }
                counter(retries, "shiporskip.transient.retries", operation).increment();
                log.debug("{}: transient conflict, attempt {} of {}: {}", operation, attempt, policy.maxAttempts(),
                        failure.toString());
                pause(policy.boundMillis(attempt));
            }
        }
    }

    private Counter counter(ConcurrentMap<String, Counter> counters, String name, String operation) {
        return counters.computeIfAbsent(operation, op -> Counter.builder(name).tag("operation", op)
                .description("transient database conflicts, by operation").register(meters));
    }

    /** Sleeps up to the bound; an interrupt ends the pause early and is kept for the caller to see. */
    private static void pause(long boundMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(boundMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
