package io.shiporskip.contracts.cloudevents;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.ShipOrSkipEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Writes and reads the structured-mode JSON of {@link CloudEvent}s and turns {@code data} into event records. */
public final class CloudEventCodec {

    private final ObjectMapper json;

    public CloudEventCodec() {
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // newer producers may add fields; old consumers keep working
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Who caused an event, how, and why: the extension attributes of its CloudEvent. */
    public record Provenance(String actorId, String actorRole, String reason, String commandId) {
    }

    /** Builds the CloudEvent of a published event. */
    public CloudEvent envelope(ShipOrSkipEvent event, String id, String source, Instant time, Provenance provenance,
                               Long position) {
        EventType type = EventCatalog.of(event.getClass());
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, source, type.cloudEventType(), event.subject(), time,
                "application/json", provenance.actorId(), provenance.actorRole(), provenance.reason(), position,
                provenance.commandId(), json.valueToTree(event));
    }

    public byte[] write(CloudEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write CloudEvent " + event.id(), e);
        }
    }

    public CloudEvent read(byte[] bytes) {
        try {
            return json.readValue(bytes, CloudEvent.class);
        } catch (IOException e) {
            throw new UnreadableEventException("not a CloudEvent: " + e.getMessage(), e);
        }
    }

    /** The event record inside {@code data}, per the catalog's type for the CloudEvent {@code type}. */
    public ShipOrSkipEvent payload(CloudEvent event) {
        EventType type = EventCatalog.byCloudEventType(event.type())
                .orElseThrow(() -> new UnreadableEventException("unknown event type " + event.type(), null));
        try {
            return json.treeToValue(event.data(), type.javaType());
        } catch (IOException e) {
            throw new UnreadableEventException("data of " + event.id() + " is not a " + event.type(), e);
        }
    }

    /** An event that cannot be decoded: a consumer must not guess, it must set it aside. */
    public static final class UnreadableEventException extends RuntimeException {
        public UnreadableEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
