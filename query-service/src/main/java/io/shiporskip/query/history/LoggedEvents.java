package io.shiporskip.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.UnreadableEventException;
import org.springframework.stereotype.Component;

/**
 * The one reader of {@code event_log} rows' {@code data}: a row holds its data in the version its type had when it was
 * projected and names that version ({@code event_log.version}, projector db/generation V4). Older rows are upcast
 * through contracts' {@link EventDecoder}, so readers see one shape per type, whatever version a row is in.
 */
@Component
public class LoggedEvents {

    private final EventDecoder decoder;

    public LoggedEvents(EventDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * A row's data in the current version of its type. A row this service cannot upcast — a version or type newer
     * than its catalog, written by a projector deployed before it — is returned as stored: additive changes keep
     * old readers working (docs/events.md, "how to change an event").
     */
    public JsonNode currentData(String type, int version, JsonNode data) {
        try {
            return decoder.upcast(type, version, data);
        } catch (UnreadableEventException newerThanThisService) {
            return data;
        }
    }

    /**
     * A row as the current record of its type.
     *
     * @throws ReadModelAhead          when the row is in a version newer than this service knows: reading it as an
     *                                 older one would guess (a renamed field reads as missing), so it is refused
     * @throws UnreadableEventException when no version of the type reads it (the projector only logs events it read)
     */
    public ShipOrSkipEvent event(String type, int version, JsonNode data) {
        if (version > decoder.currentVersion(type)) {
            throw new ReadModelAhead(type, version, decoder.currentVersion(type));
        }
        return decoder.decode(type, version, data);
    }

    /**
     * The read models hold an event version this service does not know yet: it is older than the projector that
     * wrote them (docs/events.md, "Upgrade order"). Answered 503 {@code read-model-ahead} with {@code Retry-After}.
     */
    public static final class ReadModelAhead extends RuntimeException {
        ReadModelAhead(String type, int version, int known) {
            super(type + ".v" + version + " is newer than this query service knows (v" + known + ")");
        }
    }
}
