package io.shiporskip.support.security;

import io.shiporskip.support.problems.ProblemResponses;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** JWT verification and the pieces every service's filter chain shares. */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
public class JwtSecurityConfiguration {

    private static final int MIN_SECRET_BYTES = 32;

    /** Probes, metrics and the API documents: open on every service (actuator exposes nothing else). */
    public static final String[] OPEN_PATHS = {"/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error"};

    /** The methods that read: HEAD answers as GET without a body (RFC 9110), so whoever may GET may HEAD. */
    private static final List<HttpMethod> READS = List.of(HttpMethod.GET, HttpMethod.HEAD);

    /** Reads (GET and HEAD) of any of these path patterns: a rule for reads must never be written for GET alone. */
    public static RequestMatcher reads(String... patterns) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(Arrays.stream(patterns)
                .flatMap(pattern -> READS.stream().map(method -> (RequestMatcher) paths.matcher(method, pattern)))
                .toList());
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.jwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build();
        } else {
            byte[] secret = properties.jwtSecret() == null ? new byte[0]
                    : properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("SHIPORSKIP_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        decoder.setJwtValidator(properties.issuer() == null || properties.issuer().isBlank()
                ? JwtValidators.createDefault()
                : new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer())));
        return decoder;
    }

    /**
     * No observation per security filter: wrapping each of the chain's ~15 filters in a Micrometer observation cost
     * more than a page served from memory, and a measurable share of every vote (docs/performance.md, issue 6).
     * Requests are still timed as a whole ({@code http.server.requests}).
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Applies what every service's chain has in common: stateless bearer tokens, no CSRF (no cookies are used), and
     * 401/403 answered as problem details. Each service then adds its own URL rules.
     */
    public static HttpSecurity statelessJwt(HttpSecurity http) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new RolesClaim()))
                        .authenticationEntryPoint((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "Your token's roles do not allow this.")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "Your token's roles do not allow this.")));
    }
}
