package io.shiporskip.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * A {@link JwtDecoder} that verifies each token once: the signature check and the {@link TokenRules} run on a token's
 * first use, and later requests with the very same token string get the verified {@link Jwt} from memory. A client
 * sends the same bearer token for many requests, and the HMAC or RSA check plus the JSON parse were a fixed share of
 * every vote's CPU (docs/performance.md, "A lean request path for votes").
 *
 * <p>What keeps this from ever accepting a token the plain decoder would refuse:
 * <ul>
 *   <li>only tokens the delegate accepted are remembered; a refusal (bad signature, failed rule, expired) is thrown
 *       and never cached, so the next request with it is verified again;</li>
 *   <li>an entry is served only before the token's own {@code exp} (checked on every hit with {@code clock}) and
 *       at most {@link #MAX_HOLD} after it was verified (the cache's eviction): a key removed from the issuer's key set
 *       stops working for tokens already verified within that time; past {@code exp} the entry is dropped and the delegate
 *       decides again (it allows its usual clock skew, so the answer is the one the plain decoder gives);</li>
 *   <li>the key is the whole token string (header, claims and signature), so a token differing in any byte is a
 *       different entry and is verified on its own;</li>
 *   <li>at most {@code maxTokens} entries (least recently/frequently used evicted): memory stays bounded under a
 *       flood of distinct valid tokens.</li>
 * </ul>
 */
public final class VerifiedTokens implements JwtDecoder {

    /**
     * The default bound on remembered tokens. A token string and its decoded {@link Jwt} (headers, claims) take
     * roughly 1–2 KB, so at most about 10–20 MB of the 256 MB heap each service is given (a flood of distinct valid
     * tokens cannot grow it further); the frequently reused tokens stay (Caffeine's size eviction keeps them).
     */
    public static final int MAX_TOKENS = 10_000;
    /** The longest a verified token is trusted without verifying it again, whatever its {@code exp}. */
    public static final Duration MAX_HOLD = Duration.ofMinutes(5);

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    /** The decoder the services use: {@link #MAX_TOKENS} entries, the system clock. */
    public VerifiedTokens(JwtDecoder delegate) {
        this(delegate, MAX_TOKENS, Clock.systemUTC(), Runnable::run);
    }

    /**
     * @param delegate  the decoder that verifies (signature and rules); its answer is the only one remembered
     * @param maxTokens the most tokens remembered at once
     * @param clock     the time an entry's {@code exp} is compared with; the cache's eviction follows it too
     * @param executor  where the cache does its maintenance ({@code Runnable::run}: on the calling thread, no pool)
     */
    VerifiedTokens(JwtDecoder delegate, int maxTokens, Clock clock, Executor executor) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                // a fixed lifetime is cheaper to keep than one per entry (a timer wheel): the exp check on every
                // hit in decode() is what keeps a token from outliving its exp
                .expireAfterWrite(MAX_HOLD)
                .ticker(ticker(clock))
                .executor(executor)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (clock.instant().isBefore(known.getExpiresAt())) {
                return known;
            }
            verified.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        // TokenRules refuses tokens without exp; the check keeps a decoder built without those rules from caching forever
        if (jwt.getExpiresAt() != null && clock.instant().isBefore(jwt.getExpiresAt())) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** How many verified tokens are held now (after pending evictions); for tests and diagnostics. */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** The cache's time from the same clock as the expiry check, so a test's clock moves both. */
    private static Ticker ticker(Clock clock) {
        if (clock.equals(Clock.systemUTC())) {
            return Ticker.systemTicker();
        }
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
