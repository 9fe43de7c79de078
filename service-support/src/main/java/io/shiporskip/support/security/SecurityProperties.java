package io.shiporskip.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * How tokens are verified: an HS256 shared secret (local use; at least 32 bytes) or, when {@code jwkSetUri} is set,
 * the issuer's published keys.
 */
@ConfigurationProperties("shiporskip.security")
public record SecurityProperties(String jwtSecret, URI jwkSetUri, String issuer) {
}
