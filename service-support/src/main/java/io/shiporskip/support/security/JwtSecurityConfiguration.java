package io.shiporskip.support.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.context.ApplicationContext;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import io.shiporskip.support.problems.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.client.RestTemplate;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** JWT verification and the pieces every service's filter chain shares. */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
public class JwtSecurityConfiguration {

    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

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

    /**
     * The decoder of Spring Security's resource server, so of every request's bearer token: the issuer's keys (JWKS)
     * or the shared HS256 secret, then {@link TokenRules}; each token verified once and then remembered until its
     * {@code exp} ({@link VerifiedTokens}).
     */
    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.jwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                    .restOperations(jwksClient()).build();
        } else {
            // TokenVerificationGuard refused weaker settings at start; this holds for contexts built without it
            TokenVerificationSettings.secretRefusal(properties.jwtSecret()).ifPresent(why -> {
                throw new IllegalStateException(why);
            });
            byte[] secret = properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        decoder.setJwtValidator(TokenRules.validator(properties.issuer()));
        return new VerifiedTokens(decoder);
    }

    /** An issuer whose key endpoint stops answering must fail requests (401), not hold them forever. */
    private static RestTemplate jwksClient() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(JWKS_TIMEOUT);
        requests.setReadTimeout(JWKS_TIMEOUT);
        return new RestTemplate(requests);
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
     * Cross-origin requests from the web app's origin only ({@code shiporskip.cors.allowed-origins}, comma-separated
     * exact origins; never a wildcard): the app is served by the query service and calls the command service and the
     * projector from the browser. None configured: no cross-origin request is allowed.
     */
    @Bean
    // by name: Spring MVC's HandlerMappingIntrospector is a CorsConfigurationSource too, and Spring Security's cors()
    // takes the bean of this name
    @ConditionalOnMissingBean(name = "corsConfigurationSource")
    CorsConfigurationSource corsConfigurationSource(
            @Value("${shiporskip.cors.allowed-origins:}") List<String> allowedOrigins) {
        CorsConfiguration cors = new CorsConfiguration();
        allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).forEach(origin -> {
            if (origin.contains("*")) {
                throw new IllegalStateException("shiporskip.cors.allowed-origins takes exact origins, not " + origin);
            }
            cors.addAllowedOrigin(origin);
        });
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
                HttpHeaders.IF_NONE_MATCH));
        cors.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "Tool-Version",
                "Consistency-Token"));
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        // with no origin nothing is registered: no CORS processing at all (not even Vary headers, which would make
        // the query service's full answers differ from its answers from memory), and cross-origin requests fail
        if (cors.getAllowedOrigins() != null && !cors.getAllowedOrigins().isEmpty()) {
            source.registerCorsConfiguration("/**", cors);
        }
        return source;
    }

    /**
     * Applies what every service's chain has in common: stateless bearer tokens, no CSRF (no cookies are used),
     * cross-origin rules from {@link #corsConfigurationSource}, and 401/403 answered as problem details. Each service
     * then adds its own URL rules.
     */
    public static HttpSecurity statelessJwt(HttpSecurity http) throws Exception {
        // no origin configured: no CORS filter at all (it would add Vary headers to every answer, and the query
        // service's answers from memory must equal its full answers header for header)
        CorsConfigurationSource cors = http.getSharedObject(ApplicationContext.class)
                .getBean("corsConfigurationSource", CorsConfigurationSource.class);
        boolean anyOrigin = cors instanceof UrlBasedCorsConfigurationSource urls && !urls.getCorsConfigurations().isEmpty();
        if (anyOrigin) {
            http.cors(c -> c.configurationSource(cors));
        } else {
            http.cors(AbstractHttpConfigurer::disable);
        }
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new RolesClaim()))
                        .authenticationEntryPoint(JwtSecurityConfiguration::unauthenticated)
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "Your token's roles do not allow this.")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint(JwtSecurityConfiguration::unauthenticated)
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "Your token's roles do not allow this.")));
    }

    /** 401 as a problem; when one of our token rules refused the token, the detail says which. */
    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException refusal) throws IOException {
        ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", TokenRules.explanation(refusal)
                .map(why -> "A valid bearer token is required. " + why)
                .orElse("A valid bearer token is required."));
    }

    /**
     * Requests the firewall refuses (an encoded '/', '%', ';' or '\\' in the path, '..' segments) answer a problem,
     * not the servlet container's error page. Voter ids that hold such characters travel as voter keys.
     */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> ProblemResponses.write(response, HttpStatus.BAD_REQUEST,
                "malformed-request", "The path holds an encoded '/', '%', ';' or '\\\\', or a '..' segment. "
                        + "Address voters whose id holds such characters by voter key (docs/api.md).");
    }
}
