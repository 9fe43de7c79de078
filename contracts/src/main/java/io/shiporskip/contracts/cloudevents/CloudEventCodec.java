package io.shiporskip.contracts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.PublishedType;
import io.shiporskip.contracts.versions.UnreadableEventException;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The CloudEvent form of every event, written and read by the CloudEvents SDK's JSON event format: a record value on
 * Kafka is the structured-mode JSON ({@code content-type: application/cloudevents+json}). A value is self-contained,
 * so a record written before the relay set that header, a parked dead letter and an event read from the store all read
 * the same way. {@link #payload} hands {@code data} of any published version to the {@link EventDecoder}.
 */
public final class CloudEventCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonFormat format = new JsonFormat();
    private final EventDecoder decoder;

    public CloudEventCodec() {
        this(EventDecoder.standard());
    }

    public CloudEventCodec(EventDecoder decoder) {
        this.decoder = decoder;
    }

    /** Who caused an event, how, and why: the extension attributes of its CloudEvent. */
    public record Provenance(String actorId, String actorRole, String reason, String commandId) {
    }

    /** Builds the CloudEvent of an event in its current version, as the command service publishes it. */
    public CloudEvent envelope(ShipOrSkipEvent event, String id, Instant time, Provenance provenance, Long position) {
        return envelope(event, id, CloudEvent.SOURCE, time, provenance, position);
    }

    /** Builds the CloudEvent of an event in its current version, with another source (tests). */
    public CloudEvent envelope(ShipOrSkipEvent event, String id, String source, Instant time, Provenance provenance,
                               Long position) {
        EventType type = EventCatalog.of(event.getClass());
        return envelope(new PublishedType(type.name(), type.version()), event.subject(), decoder.encode(event), id,
                source, time, provenance, position);
    }

    /** Builds the CloudEvent of event data as stored, in the version it was stored in (the event store's rows). */
    public CloudEvent envelope(PublishedType type, String subject, JsonNode data, String id, String source, Instant time,
                               Provenance provenance, Long position) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, source, type.cloudEventType(), subject, time,
                CloudEvent.DATA_CONTENT_TYPE, provenance.actorId(), provenance.actorRole(), provenance.reason(),
                position, provenance.commandId(), data);
    }

    /** The SDK's form of the event, for a protocol binding (the relay's Kafka writer). */
    public io.cloudevents.CloudEvent toSdk(CloudEvent event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(URI.create(event.source()))
                .withType(event.type())
                .withSubject(event.subject())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(event.dataContentType())
                .withData(JsonCloudEventData.wrap(event.data()));
        extension(builder, CloudEvent.ACTOR_ID, event.actorid());
        extension(builder, CloudEvent.ACTOR_ROLE, event.actorrole());
        extension(builder, CloudEvent.REASON, event.reason());
        extension(builder, CloudEvent.COMMAND_ID, event.commandid());
        if (event.position() != null) {
            long position = event.position();
            // CloudEvents integers are 32-bit; a larger position travels as its canonical string form
            if (position <= Integer.MAX_VALUE) {
                builder.withExtension(CloudEvent.POSITION, (int) position);
            } else {
                builder.withExtension(CloudEvent.POSITION, Long.toString(position));
            }
        }
        return builder.build();
    }

    private static void extension(CloudEventBuilder builder, String name, String value) {
        if (value != null) {
            builder.withExtension(name, value);
        }
    }

    /** Our form of an event the SDK read (from any binding). */
    public CloudEvent fromSdk(io.cloudevents.CloudEvent event) {
        return new CloudEvent(event.getSpecVersion().toString(), event.getId(),
                event.getSource() == null ? null : event.getSource().toString(), event.getType(), event.getSubject(),
                event.getTime() == null ? null : event.getTime().toInstant(), event.getDataContentType(),
                text(event, CloudEvent.ACTOR_ID), text(event, CloudEvent.ACTOR_ROLE), text(event, CloudEvent.REASON),
                position(event), text(event, CloudEvent.COMMAND_ID), data(event));
    }

    /** The JSON event format, whose content type marks a structured-mode record. */
    public EventFormat format() {
        return format;
    }

    /** The structured-mode JSON of the event: a Kafka record's value. */
    public byte[] write(CloudEvent event) {
        return format.serialize(toSdk(event));
    }

    /** Reads a structured-mode value (with or without the {@code content-type} header that marks it on Kafka). */
    public CloudEvent read(byte[] bytes) {
        try {
            return fromSdk(format.deserialize(bytes));
        } catch (EventDeserializationException | CloudEventRWException | IllegalArgumentException e) {
            throw new UnreadableEventException("not a CloudEvent: " + e.getMessage(), e);
        }
    }

    /**
     * The event in its current version: {@code type} and {@code data} upcast when it was published in an older one (the
     * same event object when it was not), so read models hold one shape whichever version an event travelled in.
     */
    public CloudEvent currentVersion(CloudEvent event) {
        PublishedType published = PublishedType.parse(event.type());
        int current = decoder.currentVersion(published.name());
        if (published.version() == current) {
            return event;
        }
        if (event.data() == null) {
            throw new UnreadableEventException("CloudEvent " + event.id() + " has no data", null);
        }
        return new CloudEvent(event.specVersion(), event.id(), event.source(),
                new PublishedType(published.name(), current).cloudEventType(), event.subject(), event.time(),
                event.dataContentType(), event.actorid(), event.actorrole(), event.reason(), event.position(),
                event.commandid(), decoder.upcast(published.name(), published.version(), event.data()));
    }

    /** The current event record for the CloudEvent's {@code type} and {@code data}, upcast from an older version. */
    public ShipOrSkipEvent payload(CloudEvent event) {
        if (event.data() == null) {
            throw new UnreadableEventException("CloudEvent " + event.id() + " has no data", null);
        }
        return decoder.decode(event.type(), event.data());
    }

    private static String text(io.cloudevents.CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    private static Long position(io.cloudevents.CloudEvent event) {
        Object value = event.getExtension(CloudEvent.POSITION);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new UnreadableEventException("position is not a number: " + value, e);
        }
    }

    private static JsonNode data(io.cloudevents.CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            return null;
        }
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        try {
            return JSON.readTree(data.toBytes());
        } catch (IOException e) {
            throw new UnreadableEventException("data of " + event.getId() + " is not JSON", e);
        }
    }
}
