package io.shiporskip.query.webapp;

import io.swagger.v3.oas.annotations.Hidden;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.shiporskip.support.security.SecurityProperties;
import io.shiporskip.support.security.TokenVerificationSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Development sign-in, in the {@code local} profile only: mints a token with the configured HS256 secret for whoever
 * asks, exactly as {@code ./shiporskip token} does. Without the profile this endpoint does not exist (404) and people
 * paste a token from their identity provider.
 */
@Hidden // the web app's plumbing, not the public API (docs/api.md describes it)
@RestController
@Profile(DevSignIn.PROFILE)
class DevSignIn {

    static final String PROFILE = TokenVerificationSettings.LOCAL_PROFILE;
    private static final Duration LIFETIME = Duration.ofHours(12);

    /** {@code {sub, roles, persona}}: roles from the public contract; persona for panelists. */
    record Request(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String sub,
                   @Size(min = 1, max = 6) List<@Pattern(regexp = "voter|panelist|editor|moderator|analyst|admin")
                           String> roles,
                   @Pattern(regexp = "BUILDER|SKEPTIC|FUTURIST|FOUNDER|PM") String persona) {
    }

    record Token(String token, Instant expiresAt) {
    }

    private final NimbusJwtEncoder encoder;

    DevSignIn(SecurityProperties security) {
        // with a JWKS URI instead of a secret, tokens come from the issuer: there is nothing to sign with here
        this.encoder = available(security) ? new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(
                security.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))) : null;
    }

    static boolean available(SecurityProperties security) {
        return security.jwkSetUri() == null && security.jwtSecret() != null && !security.jwtSecret().isBlank();
    }

    @PostMapping("/ui/dev-token")
    Token mint(@Valid @RequestBody Request request) {
        if (encoder == null) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND);
        }
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(request.sub()).claim("roles", request.roles())
                .issuedAt(now).expiresAt(now.plus(LIFETIME));
        if (request.persona() != null) {
            claims.claim("persona", request.persona());
        }
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                claims.build())).getTokenValue();
        return new Token(token, now.plus(LIFETIME));
    }
}
