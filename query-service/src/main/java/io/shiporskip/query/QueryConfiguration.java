package io.shiporskip.query;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
