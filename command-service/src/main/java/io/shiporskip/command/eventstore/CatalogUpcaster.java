package io.shiporskip.command.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.versions.EventDecoder;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Optional;

/**
 * Axon's loading of an aggregate's events, through the published language's upcasts: a stored event of an older
 * version (its {@code payload_revision}) is turned into the current version's JSON by the same {@link EventDecoder}
 * every other reader uses, and marked with the current revision, before Axon's serializer reads it into the record.
 * The stored payload type is only compared with the catalog's record names.
 */
final class CatalogUpcaster extends SingleEventUpcaster {

    private final EventDecoder decoder;

    CatalogUpcaster(EventDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation stored) {
        return storedVersion(stored).isPresent();
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation stored) {
        EventType type = catalogType(stored);
        int version = storedVersion(stored).orElseThrow();
        int current = decoder.currentVersion(type.name());
        return stored.upcastPayload(new SimpleSerializedType(stored.getType().getName(), String.valueOf(current)),
                JsonNode.class, data -> decoder.upcast(type.name(), version, data));
    }

    /** The stored version of a catalog event older than the current one; empty for anything else. */
    private Optional<Integer> storedVersion(IntermediateEventRepresentation stored) {
        EventType type = catalogType(stored);
        String revision = stored.getType().getRevision();
        if (type == null || revision == null || !revision.matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        int version = Integer.parseInt(revision);
        return version < decoder.currentVersion(type.name()) ? Optional.of(version) : Optional.empty();
    }

    private static EventType catalogType(IntermediateEventRepresentation stored) {
        return EventCatalog.byPayloadType(stored.getType().getName()).orElse(null);
    }
}
