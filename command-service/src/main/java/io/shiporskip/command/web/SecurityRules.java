package io.shiporskip.command.web;

import io.shiporskip.support.security.JwtSecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Who may send which command (api.md). Admins hold every role; anything not listed is refused. */
@Configuration(proxyBeanMethods = false)
class SecurityRules {

    @Bean
    SecurityFilterChain commandSecurity(HttpSecurity http) throws Exception {
        return JwtSecurityConfiguration.statelessJwt(http)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(JwtSecurityConfiguration.OPEN_PATHS).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/tools").hasRole("EDITOR")
                        .requestMatchers(HttpMethod.PATCH, "/api/v1/tools/*").hasRole("EDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/comparisons").hasRole("EDITOR")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/tools/*/reviews/*").hasRole("PANELIST")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/tools/*/reviews/*").hasRole("PANELIST")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/tools/*/vote").hasRole("VOTER")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/tools/*/vote").hasRole("VOTER")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/me/bookmarks/*").hasRole("VOTER")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/me/bookmarks/*").hasRole("VOTER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/moderation/**").hasRole("MODERATOR")
                        .anyRequest().denyAll())
                .build();
    }
}
