package io.shiporskip.contracts;

import io.shiporskip.contracts.catalog.ComparisonCreated;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.ToolUnbookmarked;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;
import io.shiporskip.contracts.community.VoterReinstated;
import io.shiporskip.contracts.community.VoterSuspended;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.PanelReviewUnhidden;
import io.shiporskip.contracts.panel.PanelReviewWithdrawn;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every published event type with its current schema version. A change to an event's shape bumps its version here
 * and comes with an {@link io.shiporskip.contracts.versions.Upcast} for the old form in
 * {@link io.shiporskip.contracts.versions.Upcasts}.
 */
public final class EventCatalog {

    private static final List<EventType> TYPES = List.of(
            // catalog
            new EventType("ToolListed", 1, ToolListed.class),
            new EventType("ToolEdited", 1, ToolEdited.class),
            new EventType("ToolVotingLocked", 1, ToolVotingLocked.class),
            new EventType("ToolVotingUnlocked", 1, ToolVotingUnlocked.class),
            new EventType("ComparisonCreated", 1, ComparisonCreated.class),
            // panel
            new EventType("PanelReviewSubmitted", 1, PanelReviewSubmitted.class),
            new EventType("PanelReviewWithdrawn", 1, PanelReviewWithdrawn.class),
            new EventType("PanelReviewHidden", 1, PanelReviewHidden.class),
            new EventType("PanelReviewUnhidden", 1, PanelReviewUnhidden.class),
            // community
            new EventType("VoteCast", 1, VoteCast.class),
            new EventType("VoteChanged", 1, VoteChanged.class),
            new EventType("VoteRetracted", 1, VoteRetracted.class),
            new EventType("VoteVoided", 1, VoteVoided.class),
            new EventType("VoterSuspended", 1, VoterSuspended.class),
            new EventType("VoterReinstated", 1, VoterReinstated.class),
            new EventType("ToolBookmarked", 1, ToolBookmarked.class),
            new EventType("ToolUnbookmarked", 1, ToolUnbookmarked.class));

    private static final Map<Class<?>, EventType> BY_CLASS =
            TYPES.stream().collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));
    private static final Map<String, EventType> BY_PAYLOAD_TYPE =
            TYPES.stream().collect(Collectors.toUnmodifiableMap(t -> t.javaType().getName(), Function.identity()));
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

    /**
     * The type whose record the event store names in {@code payload_type}, looked up by name among the catalog's
     * records: a stored name is never loaded as a class.
     */
    public static Optional<EventType> byPayloadType(String payloadType) {
        return Optional.ofNullable(BY_PAYLOAD_TYPE.get(payloadType));
    }

    public static Optional<EventType> byCloudEventType(String cloudEventType) {
        return Optional.ofNullable(BY_CLOUD_EVENT_TYPE.get(cloudEventType));
    }
}
