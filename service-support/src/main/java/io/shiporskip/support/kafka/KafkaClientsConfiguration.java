package io.shiporskip.support.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link KafkaClients} for the services that have kafka-clients on their classpath (the command service and the
 * projector; the query service does not talk to Kafka).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.apache.kafka.clients.admin.Admin")
@EnableConfigurationProperties(KafkaSettings.class)
public class KafkaClientsConfiguration {

    @Bean
    KafkaClients kafkaClients(KafkaSettings settings) {
        return new KafkaClients(settings);
    }
}
