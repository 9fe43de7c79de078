package io.shiporskip.command.relay;

import io.shiporskip.command.CommandServiceProperties;
import io.shiporskip.command.eventstore.EventMetadata;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.cloudevents.kafka.KafkaMessageFactory;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to Kafka as a CloudEvent in its current version, keyed by subject. A batch's events are collected as they are handled and sent
 * in that order when the batch prepares to commit (asynchronously); before the batch's token is committed the relay
 * waits for Kafka to acknowledge all of them, so a failure replays the batch (at least
 * once) and never skips an event. Consumers deduplicate on the CloudEvent id.
 */
@Component
@ProcessingGroup(KafkaRelay.PROCESSING_GROUP)
class KafkaRelay {

    static final String PROCESSING_GROUP = "kafka-relay";
    private static final String PENDING_EVENTS = KafkaRelay.class.getName() + ".pending";

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
        pending(CurrentUnitOfWork.get()).add(new Pending(event, message));
    }

    /** An event of the batch, published when the batch prepares to commit. */
    private record Pending(ShipOrSkipEvent event, EventMessage<?> message) {
    }

    /** The batch's events, in handling order; published together, with one query for their positions. */
    private List<Pending> pending(UnitOfWork<?> batch) {
        return batch.getOrComputeResource(PENDING_EVENTS, key -> {
            List<Pending> pending = new ArrayList<>();
            batch.onPrepareCommit(u -> publish(pending));
            return pending;
        });
    }

    /** Sends the batch in order (asynchronously), then waits for every acknowledgement before the token may move. */
    private void publish(List<Pending> batch) {
        Map<String, Long> positions = positionsOf(batch.stream().map(p -> p.message().getIdentifier()).toList());
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            var metadata = p.message().getMetaData();
            CloudEvent cloudEvent = codec.envelope(p.event(), p.message().getIdentifier(), p.message().getTimestamp(),
                    new CloudEventCodec.Provenance(
                            (String) metadata.get(EventMetadata.ACTOR_ID), (String) metadata.get(EventMetadata.ACTOR_ROLE),
                            (String) metadata.get(EventMetadata.REASON), (String) metadata.get(EventMetadata.COMMAND_ID)),
                    positions.get(p.message().getIdentifier()));
            sends.add(producer.send(structured(p.event().subject(), cloudEvent)));
        }
        awaitAcknowledgements(sends);
    }

    /**
     * The CloudEvents Kafka binding in structured mode: the {@code content-type: application/cloudevents+json} header
     * and the event's JSON as the value (docs/events.md says why not binary mode). Key = subject, for per-subject order.
     */
    private ProducerRecord<String, byte[]> structured(String subject, CloudEvent cloudEvent) {
        return KafkaMessageFactory.createWriter(properties.eventsTopic(), subject)
                .writeStructured(codec.toSdk(cloudEvent), codec.format());
    }

    /**
     * Each event's own global index. The tracking token's position is not it for an event that filled a gap (it was
     * committed after a later one): the token then already stands at the later index. One query per batch.
     */
    private Map<String, Long> positionsOf(List<String> eventIds) {
        Map<String, Long> positions = new HashMap<>();
        jdbc.sql("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier = ANY(?)")
                .param(eventIds.toArray(String[]::new))
                .query(rs -> {
                    positions.put(rs.getString(1), rs.getLong(2));
                });
        return positions;
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
