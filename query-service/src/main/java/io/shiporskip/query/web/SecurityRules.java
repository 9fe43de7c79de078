package io.shiporskip.query.web;

import io.shiporskip.support.security.JwtSecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static io.shiporskip.support.security.JwtSecurityConfiguration.reads;

/**
 * Pages and cards are public; history and analytics are for moderators and analysts; vote bursts and a voter's
 * history for moderators;
 * a voter reads their own views; anything not listed is refused. Every rule for reading covers HEAD as well as GET.
 */
@Configuration(proxyBeanMethods = false)
class SecurityRules {

    @Bean
    SecurityFilterChain querySecurity(HttpSecurity http) throws Exception {
        return JwtSecurityConfiguration.statelessJwt(http)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(JwtSecurityConfiguration.OPEN_PATHS).permitAll()
                        .requestMatchers(reads("/api/v1/tools/*", "/api/v1/comparisons", "/api/v1/comparisons/*",
                                "/api/v1/comparisons/*/live")).permitAll()
                        // the web app: static files and its settings; the dev sign-in exists in the local profile only
                        .requestMatchers(reads("/", "/index.html", "/compare/*", "/console", "/app/**", "/webjars/**",
                                "/ui/config", "/favicon.ico")).permitAll()
                        .requestMatchers(HttpMethod.POST, "/ui/dev-token").permitAll()
                        .requestMatchers(reads("/api/v1/tools/*/history", "/api/v1/comparisons/*/history",
                                "/api/v1/analytics/**")).hasAnyRole("MODERATOR", "ANALYST")
                        .requestMatchers(reads("/api/v1/moderation/**", "/api/v1/voters/**")).hasRole("MODERATOR")
                        .requestMatchers(reads("/api/v1/me/**")).hasRole("VOTER")
                        .anyRequest().denyAll())
                .build();
    }
}
