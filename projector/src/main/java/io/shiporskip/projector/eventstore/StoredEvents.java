package io.shiporskip.projector.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventMetadata;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
import io.shiporskip.contracts.versions.PublishedType;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.UnreadableEventException;
import io.shiporskip.projector.consumer.EventReplay;
import io.shiporskip.projector.consumer.WriteTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Every event of the event store in global order, turned into the CloudEvent the relay publishes (same id, source,
 * provenance and position; data in the version it was stored in), and applied to a target in chunks through the
 * consumer's own path.
 *
 * <p>An event whose transaction commits after a later-numbered one can be missed by a reader that already passed its
 * number; callers that keep going from Kafka afterwards start from offsets taken before this replay began, where such
 * an event is always found.
 */
@Component
public class StoredEvents {

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final EventReplay replay;
    private final CloudEventCodec codec;
    private final EventDecoder decoder;
    private final ObjectMapper json = new ObjectMapper();

    StoredEvents(JdbcClient jdbc, EventReplay replay, CloudEventCodec codec, EventDecoder decoder) {
        this.jdbc = jdbc;
        this.decoder = decoder;
        this.replay = replay;
        this.codec = codec;
    }

    /** How many events are stored now. */
    public long count() {
        return jdbc.sql("SELECT count(*) FROM event_store.domain_event_entry").query(Long.class).single();
    }

    /**
     * Applies every stored event to the target, one transaction per chunk. Reports the running count of events read
     * after each chunk; stops early (returning what was read) when {@code stop} says so.
     */
    public long replayInto(WriteTarget target, LongConsumer progress, BooleanSupplier stop) {
        long after = -1;
        long read = 0;
        while (!stop.getAsBoolean()) {
            List<Map<String, Object>> rows = jdbc.sql("""
                    SELECT global_index, event_identifier, payload_type, payload_revision,
                           convert_from(payload, 'UTF8') AS payload,
                           convert_from(meta_data, 'UTF8') AS meta_data, time_stamp
                    FROM event_store.domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT ?""")
                    .params(after, CHUNK).query().listOfRows();
            if (rows.isEmpty()) {
                break;
            }
            List<byte[]> envelopes = new ArrayList<>(rows.size());
            for (Map<String, Object> row : rows) {
                envelopes.add(envelope(row));
                after = ((Number) row.get("global_index")).longValue();
            }
            replay.applyAll(envelopes, target);
            read += rows.size();
            progress.accept(read);
        }
        return read;
    }

    /**
     * The CloudEvent the relay publishes for a stored row: the row's type is found by comparing {@code payload_type}
     * with the catalog's record names (never loaded as a class) and read at its {@code payload_revision} by the same
     * decoder as every other path, so an old row reads as the current record.
     */
    private byte[] envelope(Map<String, Object> row) {
        String id = (String) row.get("event_identifier");
        try {
            String payloadType = (String) row.get("payload_type");
            EventType type = EventCatalog.byPayloadType(payloadType)
                    .orElseThrow(() -> new UnreadableEventException("not a published event type: " + payloadType, null));
            String revision = (String) row.get("payload_revision");
            if (revision == null || !revision.matches("[1-9][0-9]{0,8}")) {
                throw new UnreadableEventException("stored without a version: " + revision, null);
            }
            int version = Integer.parseInt(revision);
            JsonNode data = json.readTree((String) row.get("payload"));
            // decoded for its subject (and to fail here, not later, on a row no version reads); the envelope keeps the
            // data as stored, in its stored version, which the consumer's path upcasts like any record from Kafka
            ShipOrSkipEvent event = decoder.decode(type.name(), version, data);
            JsonNode meta = row.get("meta_data") == null ? json.createObjectNode() : json.readTree((String) row.get("meta_data"));
            return codec.write(codec.envelope(new PublishedType(type.name(), version), event.subject(), data, id,
                    CloudEvent.SOURCE, Instant.parse((String) row.get("time_stamp")),
                    new CloudEventCodec.Provenance(text(meta, EventMetadata.ACTOR_ID), text(meta, EventMetadata.ACTOR_ROLE),
                            text(meta, EventMetadata.REASON), text(meta, EventMetadata.COMMAND_ID)),
                    ((Number) row.get("global_index")).longValue()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read stored event " + id, e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
