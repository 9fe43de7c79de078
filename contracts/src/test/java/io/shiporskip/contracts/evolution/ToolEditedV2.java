package io.shiporskip.contracts.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.Upcast;
import io.shiporskip.contracts.versions.Upcasts;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only change of an event's shape, made as the rules in docs/events.md say: {@code ToolEdited.v2} renames
 * {@code changes} to {@code fieldChanges} and adds {@code editedVia} (how the edit was made; every v1 edit was made
 * through the API). Production records stay as they are: the decoder after the change is built here from the
 * production catalog with ToolEdited bumped to 2 and this upcast added, and reads v2 into {@link ToolEdited} as the
 * changed record would (standing in for the production code that would follow the rename).
 */
public final class ToolEditedV2 {

    public static final String TYPE = "ToolEdited";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** v1 to v2: the rename, and the new field's value for edits made before it existed. */
    public static final Upcast V1_TO_V2 = new Upcast(TYPE, 1, v1 -> {
        ObjectNode v2 = JSON.createObjectNode();
        v2.set("toolId", v1.get("toolId"));
        v2.set("version", v1.get("version"));
        v2.set("fieldChanges", v1.get("changes"));
        v2.put("editedVia", "api");
        return v2;
    });

    private ToolEditedV2() {
    }

    /** The decoder after the change: every production type and upcast, ToolEdited at version 2. */
    public static EventDecoder decoder() {
        List<EventType> catalog = EventCatalog.all().stream()
                .map(t -> t.name().equals(TYPE) ? new EventType(TYPE, 2, ToolEdited.class) : t)
                .toList();
        List<Upcast> upcasts = new ArrayList<>(Upcasts.all());
        upcasts.add(V1_TO_V2);
        return new EventDecoder(catalog, upcasts).withReader(TYPE, ToolEditedV2::read);
    }

    /** The v2 JSON of an edit, as a producer after the change writes it. */
    public static ObjectNode data(ToolEdited edit, String editedVia) {
        ObjectNode v2 = JSON.createObjectNode();
        v2.put("toolId", edit.toolId());
        v2.put("version", edit.version());
        v2.set("fieldChanges", JSON.valueToTree(edit.changes()));
        v2.put("editedVia", editedVia);
        return v2;
    }

    private static ToolEdited read(JsonNode v2) {
        List<FieldChange> changes = new ArrayList<>();
        v2.required("fieldChanges").forEach(c -> changes.add(new FieldChange(c.required("field").asText(),
                c.path("from").isNull() ? null : c.path("from").asText(null),
                c.path("to").isNull() ? null : c.path("to").asText(null))));
        if (!v2.hasNonNull("editedVia")) {
            throw new IllegalArgumentException("a v2 edit says how it was made");
        }
        return new ToolEdited(v2.required("toolId").asText(), v2.required("version").asLong(), changes);
    }
}
