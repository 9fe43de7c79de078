package io.shiporskip.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;

import static io.shiporskip.support.security.TokenVerificationSettings.PUBLIC_DEVELOPMENT_SECRET;
import static io.shiporskip.support.security.TokenVerificationSettings.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which token settings a service may start with, and what the guard does with them before anything else starts. */
class TokenVerificationSettingsTest {

    private static final String OWN_SECRET = "a-production-secret-of-32-bytes!";
    private static final String JWKS = "https://idp.example.org/.well-known/jwks.json";

    @Test
    void outside_the_local_profile_a_service_without_secret_or_jwks_is_refused_naming_the_variable() {
        assertThat(refusal(false, null, null, null)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("SHIPORSKIP_JWT_SECRET is not set").contains("SHIPORSKIP_JWK_SET_URI"));
        assertThat(refusal(false, "  ", "", null)).isEqualTo(refusal(false, null, null, null));
    }

    @Test
    void the_public_development_secret_is_refused_outside_the_local_profile_and_accepted_in_it() {
        assertThat(refusal(false, PUBLIC_DEVELOPMENT_SECRET, null, null)).hasValueSatisfying(why ->
                assertThat(why).startsWith("SHIPORSKIP_JWT_SECRET is the public development secret"));
        assertThat(refusal(true, PUBLIC_DEVELOPMENT_SECRET, null, null)).isEmpty();
        assertThat(refusal(true, null, null, null)).isEmpty();
    }

    @Test
    void a_secret_shorter_than_32_bytes_is_refused_everywhere_counting_utf8_bytes() {
        String thirtyOne = "x".repeat(31);
        for (boolean local : new boolean[]{false, true}) {
            assertThat(refusal(local, thirtyOne, null, null)).contains(
                    "SHIPORSKIP_JWT_SECRET must be at least 32 bytes (UTF-8); it has 31.");
        }
        // 16 two-byte characters are 32 bytes
        assertThat(refusal(false, "é".repeat(16), null, null)).isEmpty();
        assertThat(refusal(false, OWN_SECRET, null, null)).isEmpty();
    }

    @Test
    void a_jwks_uri_needs_an_issuer_outside_the_local_profile() {
        assertThat(refusal(false, null, JWKS, null)).hasValueSatisfying(why ->
                assertThat(why).startsWith("SHIPORSKIP_JWT_ISSUER is not set"));
        assertThat(refusal(false, null, JWKS, "https://idp.example.org/")).isEmpty();
        assertThat(refusal(true, null, JWKS, null)).isEmpty();
    }

    @Test
    void the_guard_throws_before_anything_starts_when_settings_are_refused() {
        StandardEnvironment environment = environment(Map.of(TokenVerificationGuard.SECRET, ""));

        assertThatThrownBy(() -> guard(environment)).isInstanceOf(TokenVerificationNotConfigured.class)
                .hasMessageStartingWith("SHIPORSKIP_JWT_SECRET is not set");
    }

    @Test
    void under_the_local_profile_the_guard_supplies_the_public_secret_only_when_none_is_set() {
        StandardEnvironment unset = environment(Map.of(TokenVerificationGuard.SECRET, ""));
        unset.setActiveProfiles("local");
        guard(unset);
        assertThat(unset.getProperty(TokenVerificationGuard.SECRET)).isEqualTo(PUBLIC_DEVELOPMENT_SECRET);

        StandardEnvironment own = environment(Map.of(TokenVerificationGuard.SECRET, OWN_SECRET));
        own.setActiveProfiles("local");
        guard(own);
        assertThat(own.getProperty(TokenVerificationGuard.SECRET)).isEqualTo(OWN_SECRET);
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        // the test JVM's own variables (a developer's SHIPORSKIP_JWT_SECRET) must not decide the outcome
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
        return environment;
    }

    private static void guard(StandardEnvironment environment) {
        new TokenVerificationGuard().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
    }
}
