package io.shiporskip.command.ratelimit;

import io.shiporskip.support.transients.TransientRetry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The generic cell rate algorithm over one PostgreSQL row per key, so every command-service instance shares each
 * allowance. A request checks all its keys in one statement and one round trip; the database's clock decides, so
 * instances with skewed clocks still agree.
 */
@Component
class RateLimits {

    /** One limited key and its limit. */
    record Check(String key, RateLimitProperties.Limit limit) {
    }

    /** A key that was over its limit, and how long until its next request passes. */
    record Refusal(String key, long waitMicros) {

        int retryAfterSeconds() {
            return (int) Math.max(1, (waitMicros + 999_999) / 1_000_000);
        }
    }

    // A row's allowance: tat - now() <= tolerance. Allowed requests push tat by one emission interval; refused ones
    // leave it (a refusal costs nothing) and count in denied. Both keys are distinct by prefix, so no row is hit twice.
    // The statement is its own transaction (autocommit) and commits asynchronously: set_config(..., true) turns
    // synchronous_commit off until this transaction's end, so the request does not wait for a WAL flush of its own.
    // Why that is safe: the row is visible to every instance at commit, as with a synchronous commit; only a crash of
    // PostgreSQL within a few hundred ms (3 x wal_writer_delay at most) can lose the charge, and a lost charge only
    // lets that key make one more request than its limit. The vote's own transaction stays synchronous.
    private static final String TAKE = """
            INSERT INTO rate_limit AS r (limit_key, tat, emission_us, tolerance_us)
            SELECT k, now() + e * interval '1 microsecond', e, t
            FROM (VALUES %s) AS v(k, e, t), (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
            ON CONFLICT (limit_key) DO UPDATE SET
                tat = CASE WHEN greatest(r.tat, now()) - now() <= excluded.tolerance_us * interval '1 microsecond'
                           THEN greatest(r.tat, now()) + excluded.emission_us * interval '1 microsecond'
                           ELSE r.tat END,
                denied = CASE WHEN greatest(r.tat, now()) - now() <= excluded.tolerance_us * interval '1 microsecond'
                              THEN 0 ELSE r.denied + 1 END,
                emission_us = excluded.emission_us,
                tolerance_us = excluded.tolerance_us
            RETURNING limit_key, denied, (extract(epoch FROM tat - now()) * 1000000)::bigint - tolerance_us
            """;

    /** The statement for one and for two keys (a write has its voter's and its address's), built once. */
    private static final List<String> TAKE_FOR = List.of(take(1), take(2));

    /**
     * Deletes only rows no one holds: a sweep that waited for a row while holding others formed a deadlock with a
     * write's two-key upsert (SQLState 40P01, a voter's 500 in VotePathIT). Never waiting, it cannot be in a cycle.
     */
    private static final String SWEEP = """
            DELETE FROM rate_limit WHERE limit_key IN (
                SELECT limit_key FROM rate_limit WHERE tat < now() FOR UPDATE SKIP LOCKED)
            AND tat < now()
            """;

    private final JdbcTemplate jdbc;
    private final TransientRetry retry;

    RateLimits(JdbcTemplate jdbc, TransientRetry retry) {
        this.jdbc = jdbc;
        this.retry = retry;
    }

    private static String take(int keys) {
        return TAKE.formatted(String.join(", ", Collections.nCopies(keys, "(?::text, ?::bigint, ?::bigint)")));
    }

    /**
     * Takes one request from every key's allowance; the refusal with the longest wait if any key was over. Keys are
     * locked in their sorted order (the write side's lock order, docs/architecture.md); a transient conflict is retried.
     */
    Optional<Refusal> take(List<Check> unordered) {
        if (unordered.isEmpty()) {
            return Optional.empty();
        }
        List<Check> checks = unordered.stream().sorted(Comparator.comparing(Check::key)).toList();
        String sql = checks.size() <= TAKE_FOR.size() ? TAKE_FOR.get(checks.size() - 1) : take(checks.size());
        List<Object> args = new ArrayList<>();
        for (Check check : checks) {
            args.add(check.key());
            args.add(check.limit().emissionMicros());
            args.add(check.limit().toleranceMicros());
        }
        List<Refusal> refusals = retry.call("rate-limit", () -> jdbc.query(sql,
                (rs, i) -> rs.getInt(2) > 0 ? new Refusal(rs.getString(1), rs.getLong(3)) : null, args.toArray()));
        return refusals.stream().filter(r -> r != null)
                .max((a, b) -> Long.compare(a.waitMicros(), b.waitMicros()));
    }

    /** Keys whose theoretical arrival time has passed are back at their full allowance: their rows carry nothing. */
    @Scheduled(fixedDelayString = "${shiporskip.rate-limits.sweep-every:1m}", initialDelayString = "10s")
    void sweep() {
        retry.run("rate-limit-sweep", () -> jdbc.update(SWEEP));
    }
}
