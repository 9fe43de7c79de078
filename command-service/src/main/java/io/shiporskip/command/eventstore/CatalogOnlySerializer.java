package io.shiporskip.command.eventstore;

import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Optional;

/**
 * Axon's Jackson serializer, loading only classes it may: a stored event's {@code payload_type} resolves through the
 * contract's catalog to the published record, never to whatever class a row names; Axon's own types (tracking
 * tokens, metadata) by their package. Any other stored type reads as an {@link UnknownSerializedType}, as a type whose
 * class is gone does. (Issue 14: no path loads classes named by stored data.)
 */
final class CatalogOnlySerializer extends JacksonSerializer {

    private static final String AXON_TYPES = "org.axonframework.";

    CatalogOnlySerializer(Builder builder) {
        super(builder);
    }

    @Override
    public Class classForType(SerializedType type) {
        if (SimpleSerializedType.emptyType().equals(type)) {
            return Void.class;
        }
        Optional<EventType> event = EventCatalog.byPayloadType(type.getName());
        if (event.isPresent()) {
            return event.get().javaType();
        }
        return type.getName().startsWith(AXON_TYPES) ? super.classForType(type) : UnknownSerializedType.class;
    }
}
