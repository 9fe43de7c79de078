package io.shiporskip.contracts.versions;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shiporskip.contracts.EventCatalog;
import io.shiporskip.contracts.EventType;
import io.shiporskip.contracts.ShipOrSkipEvent;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the {@code data} of any version of an event type ever published: upcasts it, one version at a time, to the
 * current version and reads that into the current record. Every reader of events (the projector's consumer, its
 * rebuilds from the topic or the store, dead-letter retry, the equality proof, and Axon's upcaster chain on the
 * command side) goes through one of these, so an old event reads the same everywhere.
 *
 * <p>It is built from a list of current types and a list of upcasts, so a test can build one with a version that
 * production does not have.
 */
public final class EventDecoder {

    /** Reads the current version's JSON into its record. */
    @FunctionalInterface
    public interface RecordReader {
        ShipOrSkipEvent read(JsonNode data) throws IOException;
    }

    private static final EventDecoder STANDARD = new EventDecoder(EventCatalog.all(), Upcasts.all());

    private final ObjectMapper json;
    private final Map<String, EventType> current;
    private final Map<String, Map<Integer, Upcast>> upcasts;
    private final Map<String, RecordReader> readers;

    /** The published language as it is: {@link EventCatalog} and {@link Upcasts}. */
    public static EventDecoder standard() {
        return STANDARD;
    }

    /**
     * @throws IllegalArgumentException when an upcast names an unknown type or a version that is not older than the
     *                                  current one, or when a version between 1 and the current one has no upcast
     */
    public EventDecoder(List<EventType> currentTypes, List<Upcast> upcastList) {
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // newer producers may add fields; old consumers keep working
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.current = currentTypes.stream().collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));
        Map<String, Map<Integer, Upcast>> byType = new HashMap<>();
        for (Upcast upcast : upcastList) {
            EventType type = current.get(upcast.type());
            if (type == null || upcast.fromVersion() >= type.version()) {
                throw new IllegalArgumentException("upcast from " + upcast.type() + ".v" + upcast.fromVersion()
                        + " leads to no current version");
            }
            if (byType.computeIfAbsent(upcast.type(), t -> new HashMap<>()).put(upcast.fromVersion(), upcast) != null) {
                throw new IllegalArgumentException("two upcasts from " + upcast.type() + ".v" + upcast.fromVersion());
            }
        }
        for (EventType type : currentTypes) {
            for (int v = 1; v < type.version(); v++) {
                if (!byType.getOrDefault(type.name(), Map.of()).containsKey(v)) {
                    throw new IllegalArgumentException(type.name() + ".v" + v + " was published but has no upcast");
                }
            }
        }
        this.upcasts = Map.copyOf(byType);
        Map<String, RecordReader> defaultReaders = new HashMap<>();
        currentTypes.forEach(type -> defaultReaders.put(type.name(), data -> json.treeToValue(data, type.javaType())));
        this.readers = Map.copyOf(defaultReaders);
    }

    private EventDecoder(EventDecoder base, String typeName, RecordReader reader) {
        this.json = base.json;
        this.current = base.current;
        this.upcasts = base.upcasts;
        Map<String, RecordReader> changed = new HashMap<>(base.readers);
        changed.put(typeName, reader);
        this.readers = Map.copyOf(changed);
    }

    /**
     * The same decoder, reading the current version of one type with the given reader instead of binding its JSON to
     * the catalog's record by field names (for a current version whose record the catalog does not hold: tests).
     */
    public EventDecoder withReader(String typeName, RecordReader reader) {
        type(typeName);
        return new EventDecoder(this, typeName, reader);
    }

    /** The current version of a type. */
    public int currentVersion(String typeName) {
        return type(typeName).version();
    }

    /** The data of {@code typeName.v<version>} as the current version's JSON (a copy: the input is left alone). */
    public ObjectNode upcast(String typeName, int version, JsonNode data) {
        EventType type = type(typeName);
        if (version < 1 || version > type.version()) {
            throw new UnreadableEventException("no version " + version + " of " + typeName + " (current: "
                    + type.version() + ")", null);
        }
        if (!(data instanceof ObjectNode object)) {
            throw new UnreadableEventException("data of " + typeName + ".v" + version + " is not a JSON object", null);
        }
        ObjectNode node = object.deepCopy();
        for (int v = version; v < type.version(); v++) {
            node = upcasts.get(typeName).get(v).transform().apply(node);
        }
        return node;
    }

    /** The current record for the data of any published version of a type. */
    public ShipOrSkipEvent decode(String typeName, int version, JsonNode data) {
        JsonNode currentData = version == currentVersion(typeName) ? data : upcast(typeName, version, data);
        try {
            return readers.get(typeName).read(currentData);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableEventException("data is not a " + typeName + ".v" + version + ": " + e.getMessage(), e);
        }
    }

    /** The current record for a CloudEvent {@code type} ({@code io.shiporskip.<Name>.v<N>}) and its data. */
    public ShipOrSkipEvent decode(String cloudEventType, JsonNode data) {
        PublishedType published = PublishedType.parse(cloudEventType);
        return decode(published.name(), published.version(), data);
    }

    /** The current record as JSON: what a producer writes as {@code data} today. */
    public ObjectNode encode(ShipOrSkipEvent event) {
        return json.valueToTree(event);
    }

    private EventType type(String typeName) {
        EventType type = current.get(typeName);
        if (type == null) {
            throw new UnreadableEventException("unknown event type " + typeName, null);
        }
        return type;
    }
}
