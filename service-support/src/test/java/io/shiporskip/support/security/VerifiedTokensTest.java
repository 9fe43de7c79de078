package io.shiporskip.support.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link VerifiedTokens} around a real HS256 decoder whose expiry rule and cache share one movable clock: a token is
 * verified once, served from memory only before its {@code exp} and {@link VerifiedTokens#MAX_HOLD}, refused tokens
 * are verified (and refused) every time, and the bound holds.
 */
class VerifiedTokensTest {

    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123456789";
    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final AtomicInteger verifications = new AtomicInteger();

    /** The plain decoder with no clock skew (so "past exp" means refused), counting each time it is asked. */
    private JwtDecoder counted(Duration skew) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(
                new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(skew);
        timestamps.setClock(clock);
        nimbus.setJwtValidator(timestamps);
        return token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
    }

    private VerifiedTokens cache(int maxTokens, Duration skew) {
        return new VerifiedTokens(counted(skew), maxTokens, clock, Runnable::run);
    }

    private static String hs256(String secret, Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(START));
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String expiringAt(Instant exp) throws JOSEException {
        return hs256(SECRET, c -> c.expirationTime(Date.from(exp)));
    }

    @Test
    void a_token_is_verified_once_and_then_served_from_memory_before_its_exp() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ZERO);
        String token = expiringAt(START.plusSeconds(30));

        Jwt first = tokens.decode(token);
        clock.advance(Duration.ofSeconds(29));
        Jwt later = tokens.decode(token);

        assertThat(first.getSubject()).isEqualTo("alice");
        assertThat(later).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void a_cached_token_past_its_exp_is_verified_again_and_refused() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ZERO);
        String token = expiringAt(START.plusSeconds(30));
        tokens.decode(token);

        // Spring's rule refuses once now is after exp (at exp itself it still accepts)
        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).as("the first decode and both refusals").hasValue(3);
        assertThat(tokens.size()).as("the expired entry is dropped").isZero();
    }

    @Test
    void past_exp_the_plain_decoder_decides_even_where_its_clock_skew_would_still_accept() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ofSeconds(60));
        String token = expiringAt(START.plusSeconds(30));
        tokens.decode(token);

        clock.advance(Duration.ofSeconds(31));
        tokens.decode(token);
        clock.advance(Duration.ofSeconds(60));

        assertThat(verifications).as("verified again past exp, not served from memory").hasValue(2);
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void a_long_lived_token_is_verified_again_after_the_longest_hold() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ZERO);
        String token = expiringAt(START.plus(Duration.ofHours(1)));
        tokens.decode(token);

        clock.advance(VerifiedTokens.MAX_HOLD.minusSeconds(1));
        tokens.decode(token);
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        tokens.decode(token);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void a_bad_signature_is_refused_every_time_and_never_remembered() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ZERO);
        String good = expiringAt(START.plusSeconds(600));
        String otherKey = hs256("another-secret-that-is-long-enough-9876543210", c -> c.expirationTime(
                Date.from(START.plusSeconds(600))));
        String[] parts = good.split("\\.");
        String otherSubject = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"mallory\",\"exp\":" + START.plusSeconds(600).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        String swappedClaims = parts[0] + "." + otherSubject + "." + parts[2];
        char last = parts[2].charAt(parts[2].length() - 1);
        String flippedSignature = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(tokens.decode(good).getSubject()).isEqualTo("alice");
        for (String forged : new String[] {otherKey, swappedClaims, flippedSignature}) {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
            }
        }
        assertThat(verifications).as("the good token once, each forged one twice").hasValue(7);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void a_token_refused_once_is_verified_again_and_accepted_when_it_becomes_valid() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ZERO);
        String notYet = hs256(SECRET, c -> c.notBeforeTime(Date.from(START.plusSeconds(10)))
                .expirationTime(Date.from(START.plusSeconds(600))));

        assertThatThrownBy(() -> tokens.decode(notYet)).isInstanceOf(JwtValidationException.class);
        clock.advance(Duration.ofSeconds(10));

        assertThat(tokens.decode(notYet).getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void a_token_without_exp_is_never_remembered() throws Exception {
        VerifiedTokens tokens = cache(100, Duration.ZERO);
        String forever = hs256(SECRET, c -> { });

        tokens.decode(forever);
        tokens.decode(forever);

        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void no_more_than_the_bound_is_held_and_every_token_still_decodes_to_its_own_claims() throws Exception {
        int bound = 10;
        VerifiedTokens tokens = cache(bound, Duration.ZERO);

        for (int i = 0; i < 500; i++) {
            String subject = "voter-" + i;
            String token = hs256(SECRET, c -> c.subject(subject).expirationTime(Date.from(START.plusSeconds(600))));
            assertThat(tokens.decode(token).getSubject()).isEqualTo(subject);
            assertThat(tokens.size()).isLessThanOrEqualTo(bound);
        }
        assertThat(verifications).hasValue(500);
    }

    @Test
    void the_services_decoder_remembers_verified_tokens() {
        JwtDecoder decoder = new JwtSecurityConfiguration().jwtDecoder(new SecurityProperties(SECRET, null, null));

        assertThat(decoder).isInstanceOf(VerifiedTokens.class);
    }

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

}
