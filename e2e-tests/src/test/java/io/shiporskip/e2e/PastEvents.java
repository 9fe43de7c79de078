package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Events written straight into the event store with a time in the past, as a command service of that time would have
 * stored them (Axon's row: aggregate, sequence, JSON payload and metadata, ISO time). The relay publishes them like any
 * other, with that time as the CloudEvent {@code time}, which is what the projector files history and hourly buckets
 * by: the only way to have history that spans hours without waiting for hours.
 */
final class PastEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresEndpoint database;

    PastEvents(PostgresEndpoint database) {
        this.database = database;
    }

    /** Stores one event; returns its id (the CloudEvent id the projector records as applied). */
    String store(String aggregateType, String aggregateId, long sequence, String payloadClass,
                 Map<String, Object> payload, String actorId, String actorRole, Instant time) {
        String id = UUID.randomUUID().toString();
        try (Connection c = RunningStack.connect(database); PreparedStatement s = c.prepareStatement("""
                INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                    type, payload_type, payload_revision, payload, meta_data, time_stamp)
                VALUES (?, ?, ?, ?, ?, '1', ?, ?, ?)""")) {
            s.setString(1, id);
            s.setString(2, aggregateId);
            s.setLong(3, sequence);
            s.setString(4, aggregateType);
            s.setString(5, payloadClass);
            s.setBytes(6, JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
            s.setBytes(7, JSON.writeValueAsString(Map.of("actorId", actorId, "actorRole", actorRole,
                    "commandId", UUID.randomUUID().toString())).getBytes(StandardCharsets.UTF_8));
            s.setString(8, time.toString());
            s.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}
