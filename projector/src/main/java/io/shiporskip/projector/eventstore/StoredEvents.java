package io.shiporskip.projector.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEventCodec;
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
 * Every event of the event store in global order, turned into the CloudEvent the relay would have published (same id,
 * provenance and position), and applied to a target in chunks.
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
    private final ObjectMapper json = new ObjectMapper();

    StoredEvents(JdbcClient jdbc, EventReplay replay, CloudEventCodec codec) {
        this.jdbc = jdbc;
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
                    SELECT global_index, event_identifier, payload_type, convert_from(payload, 'UTF8') AS payload,
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

    private byte[] envelope(Map<String, Object> row) {
        try {
            Class<?> type = Class.forName((String) row.get("payload_type"));
            EventCatalog.of(type);
            ShipOrSkipEvent event = (ShipOrSkipEvent) json.readValue((String) row.get("payload"), type);
            JsonNode meta = row.get("meta_data") == null ? json.createObjectNode() : json.readTree((String) row.get("meta_data"));
            return codec.write(codec.envelope(event, (String) row.get("event_identifier"), "/shiporskip/command-service",
                    Instant.parse((String) row.get("time_stamp")), new CloudEventCodec.Provenance(
                            text(meta, "actorId"), text(meta, "actorRole"), text(meta, "reason"), text(meta, "commandId")),
                    ((Number) row.get("global_index")).longValue()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read stored event " + row.get("event_identifier"), e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
