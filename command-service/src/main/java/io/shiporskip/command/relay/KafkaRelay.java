package io.shiporskip.command.relay;

import io.shiporskip.command.CommandServiceProperties;
import io.shiporskip.command.eventstore.EventMetadata;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to Kafka, keyed by subject. Sends are asynchronous within a batch; before the batch's
 * token is committed the relay waits for Kafka to acknowledge all of them, so a failure replays the batch (at least
 * once) and never skips an event. Consumers deduplicate on the CloudEvent id.
 */
@Component
@ProcessingGroup(KafkaRelay.PROCESSING_GROUP)
class KafkaRelay {

    static final String PROCESSING_GROUP = "kafka-relay";
    private static final String PENDING_SENDS = KafkaRelay.class.getName() + ".pending";

    private final Producer<String, byte[]> producer;
    private final CloudEventCodec codec;
    private final CommandServiceProperties properties;
    private final JdbcClient jdbc;

    KafkaRelay(Producer<String, byte[]> producer, CloudEventCodec codec, CommandServiceProperties properties,
               JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.producer = producer;
        this.codec = codec;
        this.properties = properties;
    }

    @EventHandler
    void on(ShipOrSkipEvent event, EventMessage<?> message) {
        var metadata = message.getMetaData();
        CloudEvent cloudEvent = codec.envelope(event, message.getIdentifier(), properties.source(),
                message.getTimestamp(), new CloudEventCodec.Provenance((String) metadata.get(EventMetadata.ACTOR_ID),
                        (String) metadata.get(EventMetadata.ACTOR_ROLE), (String) metadata.get(EventMetadata.REASON),
                        (String) metadata.get(EventMetadata.COMMAND_ID)),
                positionOf(message.getIdentifier()));
        Future<RecordMetadata> sent = producer.send(
                new ProducerRecord<>(properties.eventsTopic(), event.subject(), codec.write(cloudEvent)));
        pendingSends(CurrentUnitOfWork.get()).add(sent);
    }

    /**
     * The event's own global index. The tracking token's position is not it for an event that filled a gap (it was
     * committed after a later one): the token then already stands at the later index.
     */
    private Long positionOf(String eventId) {
        return jdbc.sql("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?").param(eventId)
                .query(Long.class).optional().orElse(null);
    }

    private List<Future<RecordMetadata>> pendingSends(UnitOfWork<?> batch) {
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            batch.onPrepareCommit(u -> awaitAcknowledgements(pending));
            return pending;
        });
    }

    private void awaitAcknowledgements(List<Future<RecordMetadata>> pending) {
        long deadline = System.nanoTime() + properties.relayAckTimeout().toNanos();
        try {
            for (Future<RecordMetadata> send : pending) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayFailed("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RelayFailed("Kafka did not acknowledge the batch; it will be sent again", e);
        }
    }

    static final class RelayFailed extends RuntimeException {
        RelayFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
