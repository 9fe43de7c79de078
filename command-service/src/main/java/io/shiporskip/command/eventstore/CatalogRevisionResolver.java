package io.shiporskip.command.eventstore;

import io.shiporskip.contracts.EventCatalog;
import org.axonframework.serialization.RevisionResolver;

/** Stores each event with the schema version the contract's catalog gives it, so upcasters know what they read. */
final class CatalogRevisionResolver implements RevisionResolver {

    @Override
    public String revisionOf(Class<?> payloadType) {
        return EventCatalog.forClass(payloadType).map(type -> String.valueOf(type.version())).orElse(null);
    }
}
