package io.shiporskip.contracts.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.Upcast;
import io.shiporskip.contracts.versions.Upcasts;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only change of the vote's shape, made as docs/events.md says: {@code VoteCast.v2} renames {@code choice} to
 * {@code pick} and adds {@code channel} (where the vote came from; every v1 vote came through the API). Like
 * {@link ToolEditedV2}, production stays at v1; this builds the decoder a reader would have after the change.
 */
public final class VoteCastV2 {

    public static final String TYPE = "VoteCast";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** v1 to v2: the rename, and the new field's value for votes cast before it existed. */
    public static final Upcast V1_TO_V2 = new Upcast(TYPE, 1, v1 -> {
        ObjectNode v2 = JSON.createObjectNode();
        v2.set("toolId", v1.get("toolId"));
        v2.set("voterId", v1.get("voterId"));
        v2.set("pick", v1.get("choice"));
        v2.put("channel", "api");
        return v2;
    });

    private VoteCastV2() {
    }

    /** The decoder after the change: every production type and upcast, VoteCast at version 2. */
    public static EventDecoder decoder() {
        List<EventType> catalog = EventCatalog.all().stream()
                .map(t -> t.name().equals(TYPE) ? new EventType(TYPE, 2, VoteCast.class) : t)
                .toList();
        List<Upcast> upcasts = new ArrayList<>(Upcasts.all());
        upcasts.add(V1_TO_V2);
        return new EventDecoder(catalog, upcasts).withReader(TYPE, VoteCastV2::read);
    }

    /** The v2 JSON of a vote, as a producer after the change writes it. */
    public static ObjectNode data(VoteCast vote, String channel) {
        return JSON.createObjectNode().put("toolId", vote.toolId()).put("voterId", vote.voterId())
                .put("pick", vote.choice().name()).put("channel", channel);
    }

    private static VoteCast read(JsonNode v2) {
        if (!v2.hasNonNull("channel")) {
            throw new IllegalArgumentException("a v2 vote says where it came from");
        }
        return new VoteCast(v2.required("toolId").asText(), v2.required("voterId").asText(),
                Choice.valueOf(v2.required("pick").asText()));
    }
}
