package io.shiporskip.support.security;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

import java.util.Map;

/**
 * Refuses to start a service whose token verification is not configured ({@link TokenVerificationSettings}), as soon
 * as its configuration is read: before any bean, connection or migration, so a forgotten secret fails in about a
 * second with a message naming the variable. Runs after logging is set up (lowest precedence), so the failure is
 * printed. Under the {@code local} profile it supplies the public development secret when none is set.
 */
class TokenVerificationGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String SECRET = "shiporskip.security.jwt-secret";
    static final String JWK_SET_URI = "shiporskip.security.jwk-set-uri";
    static final String ISSUER = "shiporskip.security.issuer";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        boolean local = environment.acceptsProfiles(Profiles.of(TokenVerificationSettings.LOCAL_PROFILE));
        String secret = environment.getProperty(SECRET);
        String jwkSetUri = environment.getProperty(JWK_SET_URI);
        TokenVerificationSettings.refusal(local, secret, jwkSetUri, environment.getProperty(ISSUER)).ifPresent(why -> {
            throw new TokenVerificationNotConfigured(why);
        });
        if (local && !TokenVerificationSettings.present(secret) && !TokenVerificationSettings.present(jwkSetUri)) {
            environment.getPropertySources().addFirst(new MapPropertySource("shiporskipLocalDevelopmentSecret",
                    Map.of(SECRET, TokenVerificationSettings.PUBLIC_DEVELOPMENT_SECRET)));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
