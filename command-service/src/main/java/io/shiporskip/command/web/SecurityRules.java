package io.shiporskip.command.web;

import io.shiporskip.support.security.JwtSecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Who may send which command (api.md); everything not listed needs a token. */
@Configuration(proxyBeanMethods = false)
class SecurityRules {

    @Bean
    SecurityFilterChain commandSecurity(HttpSecurity http) throws Exception {
        return JwtSecurityConfiguration.statelessJwt(http)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/tools").hasRole("EDITOR")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/tools/*/vote").hasRole("VOTER")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/tools/*/vote").hasRole("VOTER")
                        .anyRequest().authenticated())
                .build();
    }
}
