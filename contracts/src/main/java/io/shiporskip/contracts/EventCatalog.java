package io.shiporskip.contracts;

import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every published event type with its current schema version. A change to an event's shape bumps its version here
 * and comes with an upcaster for the old form.
 */
public final class EventCatalog {

    private static final List<EventType> TYPES = List.of(
            new EventType("ToolListed", 1, ToolListed.class),
            new EventType("VoteCast", 1, VoteCast.class),
            new EventType("VoteChanged", 1, VoteChanged.class),
            new EventType("VoteRetracted", 1, VoteRetracted.class));

    private static final Map<Class<?>, EventType> BY_CLASS =
            TYPES.stream().collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));
    private static final Map<String, EventType> BY_CLOUD_EVENT_TYPE =
            TYPES.stream().collect(Collectors.toUnmodifiableMap(EventType::cloudEventType, Function.identity()));

    private EventCatalog() {
    }

    public static List<EventType> all() {
        return TYPES;
    }

    public static EventType of(Class<?> eventClass) {
        EventType type = BY_CLASS.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("not a published event type: " + eventClass.getName());
        }
        return type;
    }

    public static Optional<EventType> forClass(Class<?> eventClass) {
        return Optional.ofNullable(BY_CLASS.get(eventClass));
    }

    public static Optional<EventType> byCloudEventType(String cloudEventType) {
        return Optional.ofNullable(BY_CLOUD_EVENT_TYPE.get(cloudEventType));
    }
}
