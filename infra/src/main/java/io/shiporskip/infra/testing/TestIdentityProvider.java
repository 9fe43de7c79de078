package io.shiporskip.infra.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * An identity provider for tests of the JWKS path: an RSA key pair made here, its public half served as a JWK Set over
 * HTTP (the JDK's own server, on a free loopback port), and RS256 tokens signed with it. It can also sign with a key it
 * does not publish, under the same key id, as a forger would.
 */
public final class TestIdentityProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String KEY_ID = "test-signing-key";

    private final String issuer;
    private final KeyPair published;
    private final KeyPair unpublished;
    private final HttpServer server;

    private TestIdentityProvider(String issuer, KeyPair published, KeyPair unpublished, HttpServer server) {
        this.issuer = issuer;
        this.published = published;
        this.unpublished = unpublished;
        this.server = server;
    }

    /** Makes the keys and starts serving {@code /jwks.json}. */
    public static TestIdentityProvider start(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair published = generator.generateKeyPair();
            byte[] jwks = JSON.writeValueAsBytes(Map.of("keys", List.of(jwk((RSAPublicKey) published.getPublic()))));
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                try (exchange) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    exchange.getResponseBody().write(jwks);
                }
            });
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-identity-provider");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new TestIdentityProvider(issuer, published, generator.generateKeyPair(), server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** A token of this provider: {@code iss} is its issuer, signed with its published key, valid for an hour. */
    public String token(String subject, String... roles) {
        return sign(published, claims(issuer, subject, roles));
    }

    /** Signed with the published key, but naming another issuer. */
    public String tokenOfIssuer(String otherIssuer, String subject, String... roles) {
        return sign(published, claims(otherIssuer, subject, roles));
    }

    /** This provider's claims and key id, signed with a key it never published. */
    public String forgedToken(String subject, String... roles) {
        return sign(unpublished, claims(issuer, subject, roles));
    }

    private static Map<String, Object> claims(String issuer, String subject, String... roles) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("roles", Arrays.asList(roles));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        return claims;
    }

    private static String sign(KeyPair key, Map<String, Object> claims) {
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(
                    Map.of("alg", "RS256", "typ", "JWT", "kid", KEY_ID)))
                    + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
    }

    /** RFC 7517/7518: the modulus and exponent as unsigned big-endian base64url. */
    private static Map<String, String> jwk(RSAPublicKey key) {
        return Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", KEY_ID,
                "n", B64.encodeToString(unsigned(key.getModulus())), "e", B64.encodeToString(unsigned(key.getPublicExponent())));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
