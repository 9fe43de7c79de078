package io.shiporskip.command.relay;

import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.support.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    /** Named in application.yml as the relay processor's sequencing policy. */
    @Bean
    SequencingPolicy<EventMessage<?>> bySubject() {
        return new BySubject();
    }

    /**
     * The relay processor's source (application.yml: {@code source: relayEventSource}): the event store's events,
     * read once per wake-up ({@link RelayEventSource}) through the relay's own reader of the same tables, serializer
     * and upcasters as the event store's engine ({@code eventstore.EventStoreConfiguration}).
     */
    @Bean
    RelayEventSource relayEventSource(EventStore eventStore, ConnectionProvider connections, EventSchema schema,
                                      @Qualifier("eventSerializer") Serializer eventSerializer, Serializer serializer,
                                      org.axonframework.config.Configuration axon) {
        return new RelayEventSource(eventStore,
                RelayEventReader.create(connections, schema, eventSerializer, serializer, axon.upcasterChain()));
    }

    @Bean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }

    /**
     * Rules: idempotent, acks=all: a retried send is written once, and with at most 5 requests in flight the order per
     * partition holds. Defaults (an operator may change them through {@code spring.kafka.producer.properties.*}): a
     * short max.block keeps a down broker from holding the relay's thread for a minute.
     */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> relayProducer(KafkaClients kafka) {
        return new KafkaProducer<>(kafka.producer("relay", Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG, "shiporskip-relay",
                        ProducerConfig.LINGER_MS_CONFIG, 2,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
                Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)),
                new StringSerializer(), new ByteArraySerializer());
    }
}
