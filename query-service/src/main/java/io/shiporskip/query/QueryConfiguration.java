package io.shiporskip.query;

import io.shiporskip.contracts.versions.EventDecoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The published language as this build knows it; tests replace it to play a version change. */
    @Bean
    EventDecoder eventDecoder() {
        return EventDecoder.standard();
    }
}
