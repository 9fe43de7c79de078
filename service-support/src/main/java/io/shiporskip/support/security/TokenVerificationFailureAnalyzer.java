package io.shiporskip.support.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused start as Spring Boot's "APPLICATION FAILED TO START" report, without a stack trace to dig through. */
class TokenVerificationFailureAnalyzer extends AbstractFailureAnalyzer<TokenVerificationNotConfigured> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TokenVerificationNotConfigured cause) {
        return new FailureAnalysis(cause.getMessage(), "Set SHIPORSKIP_JWT_SECRET (at least "
                + TokenVerificationSettings.MIN_SECRET_BYTES + " bytes) or SHIPORSKIP_JWK_SET_URI with "
                + "SHIPORSKIP_JWT_ISSUER; on your own machine, SPRING_PROFILES_ACTIVE=local (docs/operations.md).", cause);
    }
}
