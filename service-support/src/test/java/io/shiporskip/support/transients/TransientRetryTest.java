package io.shiporskip.support.transients;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransientRetryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TransientRetry retry = new TransientRetry(
            new TransientRetry.Policy(4, Duration.ofMillis(1), Duration.ofMillis(4)), meters);

    private static RuntimeException wrapped(String sqlState) {
        // as Spring's translation or Axon's EventStoreException carry it: the driver's exception as a cause
        return new IllegalStateException("wrapped", new RuntimeException(new SQLException("boom", sqlState)));
    }

    @Test
    void deadlocks_serialization_failures_and_lock_timeouts_are_transient_anywhere_in_the_causes() {
        assertThat(TransientFailures.isTransient(wrapped("40P01"))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped("40001"))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped("55P03"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransactionRollbackException("x", "40P01"))).isTrue();
        SQLException batch = new SQLException("batch", "22000");
        batch.setNextException(new SQLException("deadlock", "40P01"));
        assertThat(TransientFailures.isTransient(batch)).as("a batch's chained exception").isTrue();
    }

    @Test
    void other_failures_and_unreachable_databases_are_not_transient() {
        assertThat(TransientFailures.isTransient(wrapped("23505"))).as("unique violation").isFalse();
        assertThat(TransientFailures.isTransient(wrapped("08006"))).as("connection failure").isFalse();
        assertThat(TransientFailures.isTransient(wrapped(null))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("no"))).isFalse();
    }

    @Test
    void a_transient_failure_is_retried_until_the_work_succeeds_and_each_retry_is_counted() {
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.call("op", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw wrapped("40P01");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
        assertThat(meters.counter("shiporskip.transient.retries", "operation", "op").count()).isEqualTo(2.0);
        assertThat(meters.find("shiporskip.transient.exhausted").counter()).isNull();
    }

    @Test
    void when_attempts_run_out_the_last_failure_is_thrown_and_counted() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException last = wrapped("40001");
        assertThatThrownBy(() -> retry.call("op", () -> {
            attempts.incrementAndGet();
            throw last;
        })).isSameAs(last);
        assertThat(attempts).hasValue(4);
        assertThat(meters.counter("shiporskip.transient.retries", "operation", "op").count()).isEqualTo(3.0);
        assertThat(meters.counter("shiporskip.transient.exhausted", "operation", "op").count()).isEqualTo(1.0);
    }

    @Test
    void a_rejection_is_never_retried() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalArgumentException rejection = new IllegalArgumentException("no");
        assertThatThrownBy(() -> retry.call("op", () -> {
            attempts.incrementAndGet();
            throw rejection;
        })).isSameAs(rejection);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void callers_add_their_own_kinds_of_lost_race() {
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.call("op", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new UnsupportedOperationException("lost race");
            }
            return "second time";
        }, failure -> failure instanceof UnsupportedOperationException);
        assertThat(result).isEqualTo("second time");
    }

    @Test
    void checked_failures_pass_through_as_they_are() {
        AtomicInteger attempts = new AtomicInteger();
        SQLException deadlock = new SQLException("deadlock", "40P01");
        assertThatThrownBy(() -> retry.callChecked("op", () -> {
            attempts.incrementAndGet();
            throw deadlock;
        })).isSameAs(deadlock);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void backoff_doubles_from_the_first_bound_up_to_the_maximum() {
        TransientRetry.Policy policy = new TransientRetry.Policy(8, Duration.ofMillis(5), Duration.ofMillis(200));
        assertThat(policy.boundMillis(1)).isEqualTo(5);
        assertThat(policy.boundMillis(2)).isEqualTo(10);
        assertThat(policy.boundMillis(3)).isEqualTo(20);
        assertThat(policy.boundMillis(7)).isEqualTo(200);
    }
}
