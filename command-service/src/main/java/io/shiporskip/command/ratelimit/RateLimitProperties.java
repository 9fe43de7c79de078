package io.shiporskip.command.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How many writes a voter (any token subject) and a client address may send.
 *
 * @param enabled   off only for benchmarks that measure the write path itself
 * @param perVoter  the limit per token subject
 * @param perAddress the limit per client address (the proxy-resolved remote address, see docs/security.md)
 * @param sweepEvery how often rows of keys back at full allowance are deleted
 */
@ConfigurationProperties("shiporskip.rate-limits")
public record RateLimitProperties(boolean enabled, Limit perVoter, Limit perAddress, Duration sweepEvery) {

    /**
     * {@code requests} per {@code period}, with bursts up to {@code requests} at once (GCRA: the allowance refills
     * evenly, one request every {@code period / requests}).
     */
    public record Limit(int requests, Duration period) {

        public Limit {
            if (requests < 1 || period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit needs requests >= 1 and a positive period");
            }
        }

        long emissionMicros() {
            return Math.max(1, period.toNanos() / 1000 / requests);
        }

        long toleranceMicros() {
            return emissionMicros() * (requests - 1L);
        }
    }
}
