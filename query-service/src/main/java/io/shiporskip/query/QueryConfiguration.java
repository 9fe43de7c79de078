package io.shiporskip.query;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * No observation per security filter: on a page served from memory, wrapping each of the chain's filters in an
     * observation cost more than the page (docs/performance.md, issue 6). Requests are still timed as a whole
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
