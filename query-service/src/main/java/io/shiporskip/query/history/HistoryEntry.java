package io.shiporskip.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.support.security.VoterKeys;

import java.time.Instant;

/**
 * One event in an audit history (api.md {@code HistoryEntry}); {@code position} is its event-store position. The
 * actor's {@code key} is their voter key, for moderation paths and the {@code actorKey} filter.
 */
public record HistoryEntry(Long position, String eventId, String type, String subject, Actor actor, Instant occurredAt,
                           String reason, JsonNode data) {

    public record Actor(String id, String role, String key) {

        Actor(String id, String role) {
            this(id, role, VoterKeys.of(id));
        }
    }
}
