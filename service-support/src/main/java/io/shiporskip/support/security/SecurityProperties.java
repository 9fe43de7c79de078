package io.shiporskip.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * How tokens are verified: an HS256 shared secret (at least 32 bytes) or, when {@code jwkSetUri} is set, the issuer's
 * published keys; {@code issuer}, when set, must be every token's {@code iss}. Which combinations may start:
 * {@link TokenVerificationSettings}.
 */
@ConfigurationProperties("shiporskip.security")
public record SecurityProperties(String jwtSecret, URI jwkSetUri, String issuer) {
}
