package io.shiporskip.projector.web;

import io.shiporskip.support.security.JwtSecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The projector's admin API is for admins and moderators; probes and metrics are open; anything else is refused. */
@Configuration(proxyBeanMethods = false)
class SecurityRules {

    @Bean
    SecurityFilterChain projectorSecurity(HttpSecurity http) throws Exception {
        return JwtSecurityConfiguration.statelessJwt(http)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(JwtSecurityConfiguration.OPEN_PATHS).permitAll()
                        .requestMatchers("/api/v1/admin/**").hasAnyRole("ADMIN", "MODERATOR")
                        .anyRequest().denyAll())
                .build();
    }
}
