package io.shiporskip.support.security;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for how a service may verify tokens, checked before anything else starts ({@link TokenVerificationGuard}):
 * <ul>
 *   <li>with {@code SHIPORSKIP_JWK_SET_URI}: the issuer's published keys, and outside the {@code local} profile also
 *       {@code SHIPORSKIP_JWT_ISSUER} (multi-tenant identity providers sign every tenant's tokens with the same keys:
 *       only the issuer tells them apart);</li>
 *   <li>otherwise {@code SHIPORSKIP_JWT_SECRET}, an HS256 secret of at least {@value #MIN_SECRET_BYTES} bytes (UTF-8),
 *       which must not be the public development secret outside the {@code local} profile;</li>
 *   <li>the {@code local} profile ({@code SPRING_PROFILES_ACTIVE=local}: {@code ./shiporskip up}, the tests, the
 *       benchmark) falls back to {@link #PUBLIC_DEVELOPMENT_SECRET} when neither is set.</li>
 * </ul>
 */
public final class TokenVerificationSettings {

    /** The Spring profile of a developer's machine: only it may run with the public secret. */
    public static final String LOCAL_PROFILE = "local";
    /** Published in the README, so anyone can mint tokens with it: local use only. */
    public static final String PUBLIC_DEVELOPMENT_SECRET = "local-dev-only-secret-change-me-0123456789abcdef";
    public static final int MIN_SECRET_BYTES = 32;

    private TokenVerificationSettings() {
    }

    /**
     * Why a service with these settings must not start, if it must not. Blank values count as unset.
     *
     * @param local     whether the {@code local} profile is active
     * @param secret    {@code shiporskip.security.jwt-secret} ({@code SHIPORSKIP_JWT_SECRET})
     * @param jwkSetUri {@code shiporskip.security.jwk-set-uri} ({@code SHIPORSKIP_JWK_SET_URI})
     * @param issuer    {@code shiporskip.security.issuer} ({@code SHIPORSKIP_JWT_ISSUER})
     */
    public static Optional<String> refusal(boolean local, String secret, String jwkSetUri, String issuer) {
        if (present(jwkSetUri)) {
            return local || present(issuer) ? Optional.empty() : Optional.of("SHIPORSKIP_JWT_ISSUER is not set: with "
                    + "SHIPORSKIP_JWK_SET_URI every token's issuer must be checked (an identity provider signs the "
                    + "tokens of all its tenants with the same keys).");
        }
        if (!present(secret)) {
            return local ? Optional.empty() : Optional.of("SHIPORSKIP_JWT_SECRET is not set (nor SHIPORSKIP_JWK_SET_URI): "
                    + "set an HS256 secret of at least " + MIN_SECRET_BYTES + " bytes, or the identity provider's JWKS URI "
                    + "with SHIPORSKIP_JWT_ISSUER. Only the 'local' profile (SPRING_PROFILES_ACTIVE=local) runs with the "
                    + "public development secret.");
        }
        return secretRefusal(secret).or(() -> !local && secret.equals(PUBLIC_DEVELOPMENT_SECRET)
                ? Optional.of("SHIPORSKIP_JWT_SECRET is the public development secret, with which anyone can mint "
                + "tokens: set a secret of your own. Only the 'local' profile (SPRING_PROFILES_ACTIVE=local) may use it.")
                : Optional.empty());
    }

    /** Why this HS256 secret is too weak to verify tokens with, if it is. */
    static Optional<String> secretRefusal(String secret) {
        int bytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= MIN_SECRET_BYTES ? Optional.empty() : Optional.of("SHIPORSKIP_JWT_SECRET must be at least "
                + MIN_SECRET_BYTES + " bytes (UTF-8); it has " + bytes + ".");
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
