package io.shiporskip.command.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.evolution.ToolEditedV2;
import io.shiporskip.contracts.golden.GoldenSamples;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.PublishedType;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Axon's loading path (upcaster chain, then its serializer) reads every golden sample as the contracts' decoder does. */
class CatalogUpcasterTest {

    private final Serializer serializer = EventStoreConfiguration.jackson();

    private static GenericDomainEventEntry<byte[]> storedRow(String payloadType, String revision, JsonNode data) {
        return new GenericDomainEventEntry<>("Tool", "smolvlm-2-5", 0, "e-1", "2026-11-25T10:15:30Z", payloadType,
                revision, data.toString().getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static String payloadType(String typeName) {
        return EventCatalog.all().stream().filter(t -> t.name().equals(typeName)).findFirst().orElseThrow()
                .javaType().getName();
    }

    @Test
    void everyGoldenSampleStoredAtItsVersionLoadsAsTheRecordTheDecoderReads() {
        CatalogUpcaster upcaster = new CatalogUpcaster(EventDecoder.standard());
        for (PublishedType type : GoldenSamples.everyPublishedVersion()) {
            JsonNode golden = GoldenSamples.data(type);
            DomainEventStream loaded = EventStreamUtils.upcastAndDeserializeDomainEvents(
                    Stream.of(storedRow(payloadType(type.name()), String.valueOf(type.version()), golden)),
                    serializer, upcaster);

            assertThat(loaded.next().getPayload()).as(type.cloudEventType())
                    .isEqualTo(EventDecoder.standard().decode(type.cloudEventType(), golden));
        }
    }

    @Test
    void afterToolEditedMovedToV2AStoredV1EditIsHandedToAxonAsTheV2Sample() {
        CatalogUpcaster upcaster = new CatalogUpcaster(ToolEditedV2.decoder());
        JsonNode v1 = GoldenSamples.data(new PublishedType("ToolEdited", 1));

        List<IntermediateEventRepresentation> upcast = upcaster.upcast(Stream.of(
                new InitialEventRepresentation(storedRow(payloadType("ToolEdited"), "1", v1), serializer))).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        assertThat(upcast.get(0).getType().getName()).isEqualTo(payloadType("ToolEdited"));
        assertThat(upcast.get(0).getData(JsonNode.class).getData())
                .isEqualTo(GoldenSamples.testOnly(new PublishedType("ToolEdited", 2)));
    }

    @Test
    void aCurrentVersionOrATypeOutsideTheCatalogPassesUntouched() {
        CatalogUpcaster upcaster = new CatalogUpcaster(ToolEditedV2.decoder());
        JsonNode v2 = GoldenSamples.testOnly(new PublishedType("ToolEdited", 2));
        var current = new InitialEventRepresentation(storedRow(payloadType("ToolEdited"), "2", v2), serializer);
        var foreign = new InitialEventRepresentation(storedRow("com.example.Foreign", "1", v2), serializer);

        assertThat(upcaster.upcast(Stream.of(current, foreign)).toList()).containsExactly(current, foreign);
    }
}
