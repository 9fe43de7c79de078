package io.shiporskip.support.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token rules through both real decoders the services build: the HS256 shared secret and a JWKS endpoint (a
 * local HTTP server publishing an RSA key). Every accepted subject decodes to itself; every refused token fails
 * validation with the text the 401 problem shows.
 */
class TokenRulesTest {

    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123456789";
    private static HttpServer jwks;
    private static RSAKey rsa;

    @BeforeAll
    static void publishKeys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] body = new JWKSet(rsa.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Connection", "close");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        // handlers on their own threads: a handler failing on the dispatcher thread would stop the server for good
        jwks.setExecutor(Executors.newCachedThreadPool());
        jwks.start();
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static JwtDecoder secretDecoder() {
        return new JwtSecurityConfiguration().jwtDecoder(new SecurityProperties(SECRET, null, null));
    }

    private static JwtDecoder jwksDecoder() {
        return jwksDecoder(null);
    }

    private static JwtDecoder jwksDecoder(String issuer) {
        URI uri = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
        return new JwtSecurityConfiguration().jwtDecoder(new SecurityProperties(null, uri, issuer));
    }

    private static String hs256(Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), build(claims));
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String rs256(Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                build(claims));
        jwt.sign(new RSASSASigner(rsa));
        return jwt.serialize();
    }

    private static JWTClaimsSet build(Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().claim("roles", List.of("voter"))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        claims.accept(builder);
        return builder.build();
    }

    static final List<String> ACCEPTED = List.of("alice", "ada.lovelace@example.org",
            "3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c", "auth0|5f7c8ec", "cn=Ada Lovelace,ou=people,dc=example,dc=org",
            "https://idp.example.org/users/42", "legacy%2Fuser%41 100%", "tenant;user=7", "x".repeat(200),
            "y".repeat(255), "zoë", "\uD83D\uDE80".repeat(255), " padded ");

    @Test
    void every_real_world_subject_is_accepted_by_both_decoders_unchanged() throws Exception {
        for (String subject : ACCEPTED) {
            assertThat(secretDecoder().decode(hs256(c -> c.subject(subject))).getSubject()).isEqualTo(subject);
            assertThat(jwksDecoder().decode(rs256(c -> c.subject(subject))).getSubject()).isEqualTo(subject);
        }
    }

    private record Refused(String label, String reason, Consumer<JWTClaimsSet.Builder> claims) {
    }

    @Test
    void unusable_subjects_and_missing_expiry_are_refused_by_both_decoders_with_a_clear_reason() throws Exception {
        List<Refused> refused = List.of(
                new Refused("no sub", Subjects.MISSING, c -> { }),
                new Refused("empty sub", Subjects.MISSING, c -> c.subject("")),
                new Refused("blank sub", Subjects.MISSING, c -> c.subject(" \t ")),
                new Refused("line break", Subjects.CONTROL, c -> c.subject("bob\nmallory")),
                new Refused("NUL", Subjects.CONTROL, c -> c.subject("nul\u0000")),
                new Refused("C1 control", Subjects.CONTROL, c -> c.subject("a\u0085b")),
                new Refused("256 characters", Subjects.TOO_LONG, c -> c.subject("z".repeat(256))),
                new Refused("no exp", TokenRules.NO_EXPIRY, c -> c.subject("alice").expirationTime(null)));
        for (Refused r : refused) {
            String viaSecret = hs256(r.claims());
            String viaJwks = rs256(r.claims());
            for (Runnable decode : List.<Runnable>of(() -> secretDecoder().decode(viaSecret),
                    () -> jwksDecoder().decode(viaJwks))) {
                assertThatThrownBy(decode::run, r.label()).isInstanceOf(JwtValidationException.class)
                        .satisfies(e -> assertThat(((JwtValidationException) e).getErrors())
                                .extracting(error -> error.getDescription()).contains(r.reason()));
            }
        }
    }

    /** JSON escapes can carry a lone surrogate that no UTF-8 encoder would produce: signed as raw JSON. */
    @Test
    void a_subject_with_a_lone_surrogate_is_refused_by_both_decoders() throws Exception {
        String claims = "{\"sub\":\"a\\ud800b\",\"roles\":[\"voter\"],\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}";
        JWSObject viaSecret = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claims));
        viaSecret.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        JWSObject viaJwks = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                new Payload(claims));
        viaJwks.sign(new RSASSASigner(rsa));

        for (Runnable decode : List.<Runnable>of(() -> secretDecoder().decode(viaSecret.serialize()),
                () -> jwksDecoder().decode(viaJwks.serialize()))) {
            assertThatThrownBy(decode::run).isInstanceOf(JwtValidationException.class)
                    .satisfies(e -> assertThat(((JwtValidationException) e).getErrors())
                            .extracting(error -> error.getDescription()).contains(Subjects.CONTROL));
        }
    }

    @Test
    void an_expired_token_is_still_refused_by_the_default_rules_and_keeps_the_generic_text() throws Exception {
        String expired = hs256(c -> c.subject("alice").issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))));

        assertThatThrownBy(() -> secretDecoder().decode(expired)).isInstanceOf(JwtValidationException.class)
                .satisfies(e -> assertThat(TokenRules.explanation(
                        new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException("x", e)))
                        .isEmpty());
    }

    @Test
    void the_explanation_is_the_rule_that_refused() throws Exception {
        String noSubject = hs256(c -> { });
        try {
            secretDecoder().decode(noSubject);
        } catch (JwtValidationException e) {
            assertThat(TokenRules.explanation(
                    new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException("x", e)))
                    .contains(Subjects.MISSING);
            return;
        }
        throw new AssertionError("a token without sub was accepted");
    }

    @Test
    void a_token_signed_by_a_key_the_jwks_does_not_publish_is_refused_even_under_the_same_key_id() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(rsa.getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(other.getKeyID()).build(),
                build(c -> c.subject("mallory")));
        forged.sign(new RSASSASigner(other));

        assertThat(jwksDecoder().decode(rs256(c -> c.subject("alice"))).getSubject()).isEqualTo("alice");
        assertThatThrownBy(() -> jwksDecoder().decode(forged.serialize()))
                .isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class)
                .hasMessageContaining("Signed JWT rejected");
    }

    @Test
    void with_an_issuer_configured_only_tokens_naming_it_are_accepted() throws Exception {
        String issuer = "https://idp.example.org/tenant-a";
        JwtDecoder decoder = jwksDecoder(issuer);

        assertThat(decoder.decode(rs256(c -> c.subject("alice").issuer(issuer))).getSubject()).isEqualTo("alice");
        for (String token : List.of(rs256(c -> c.subject("alice").issuer("https://idp.example.org/tenant-b")),
                rs256(c -> c.subject("alice")))) {
            assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
                    .satisfies(e -> assertThat(((JwtValidationException) e).getErrors())
                            .extracting(error -> error.getDescription()).anySatisfy(d -> assertThat(d).contains("iss")));
        }
    }
}
