package io.shiporskip.query.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One event in an audit history (api.md {@code HistoryEntry}); {@code position} is its event-store position. */
public record HistoryEntry(Long position, String eventId, String type, String subject, Actor actor, Instant occurredAt,
                           String reason, JsonNode data) {

    public record Actor(String id, String role) {
    }
}
