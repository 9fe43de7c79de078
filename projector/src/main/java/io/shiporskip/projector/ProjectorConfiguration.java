package io.shiporskip.projector;

import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.versions.EventDecoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectorConfiguration {

    /** Every version ever published of every event, upcast to the current records: the one decoder of every path. */
    @Bean
    EventDecoder eventDecoder() {
        return EventDecoder.standard();
    }

    @Bean
    CloudEventCodec cloudEventCodec(EventDecoder decoder) {
        return new CloudEventCodec(decoder);
    }
}
