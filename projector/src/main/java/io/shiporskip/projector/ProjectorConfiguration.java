package io.shiporskip.projector;

import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectorConfiguration {

    @Bean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }
}
