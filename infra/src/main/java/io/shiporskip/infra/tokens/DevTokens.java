package io.shiporskip.infra.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mints HS256 development tokens with the claims of the public contract: sub, roles, persona, iat, exp. */
public final class DevTokens {

    /**
     * The documented local-only secret: the one the services fall back to under their {@code local} profile
     * (service-support {@code TokenVerificationSettings.PUBLIC_DEVELOPMENT_SECRET}; infra stays free of Spring, so
     * the value is written twice, and every end-to-end test fails if the two differ). Production sets its own.
     */
    public static final String LOCAL_DEV_SECRET = "local-dev-only-secret-change-me-0123456789abcdef";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DevTokens() {
    }

    public static String secretFromEnvironment() {
        String secret = System.getenv("SHIPORSKIP_JWT_SECRET");
        return secret == null || secret.isBlank() ? LOCAL_DEV_SECRET : secret;
    }

    public static String mint(String secret, String subject, List<String> roles, String persona, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("roles", roles);
        if (persona != null) {
            claims.put("persona", persona);
        }
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        return sign(secret, Map.of("alg", "HS256", "typ", "JWT"), claims);
    }

    /** Signs arbitrary claims; tests use it for expired or malformed tokens. */
    public static String sign(String secret, Map<String, Object> header, Map<String, Object> claims) {
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }
}
