package io.shiporskip.support.security;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a verified token must also hold before anyone acts with it, on every service and for both the shared-secret
 * and the JWKS decoder: Spring's defaults (signature, {@code exp}/{@code nbf} in range), the configured issuer, a
 * subject that can be a voter id ({@link Subjects}) and an expiry. A token without {@code exp} would be valid
 * forever, so it is refused rather than bounded.
 */
final class TokenRules {

    static final String NO_EXPIRY = "The token has no expiry (exp).";
    private static final String RFC_6750 = "https://tools.ietf.org/html/rfc6750#section-3.1";
    /** Our own refusal texts: fixed, so they may be shown to the client verbatim. */
    private static final Set<String> EXPLAINED = Set.of(Subjects.MISSING, Subjects.CONTROL, Subjects.TOO_LONG, NO_EXPIRY);

    private TokenRules() {
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer) {
        List<OAuth2TokenValidator<Jwt>> rules = new ArrayList<>();
        if (issuer != null && !issuer.isBlank()) {
            rules.add(new JwtIssuerValidator(issuer));
        }
        rules.add(explained(new JwtClaimValidator<>(JwtClaimNames.SUB, Subjects::acceptable),
                jwt -> Subjects.refusal(jwt.getClaims().get(JwtClaimNames.SUB)).orElse(Subjects.MISSING)));
        rules.add(explained(new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull), jwt -> NO_EXPIRY));
        return JwtValidators.createDefaultWithValidators(rules);
    }

    /** The rule's verdict, with a description that says what is wrong instead of "The sub claim is not valid". */
    private static OAuth2TokenValidator<Jwt> explained(OAuth2TokenValidator<Jwt> rule, Function<Jwt, String> why) {
        return jwt -> rule.validate(jwt).hasErrors()
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why.apply(jwt), RFC_6750))
                : OAuth2TokenValidatorResult.success();
    }

    /** Why a token was refused, when one of our rules refused it; other failures keep the generic text. */
    static Optional<String> explanation(AuthenticationException refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid) {
                return invalid.getErrors().stream().map(OAuth2Error::getDescription).filter(EXPLAINED::contains)
                        .findFirst();
            }
        }
        return Optional.empty();
    }
}
