package io.shiporskip.contracts;

/**
 * The published name and schema version of one event type. {@code cloudEventType()} is the CloudEvents
 * {@code type} attribute, e.g. {@code io.shiporskip.VoteCast.v1}.
 */
public record EventType(String name, int version, Class<? extends ShipOrSkipEvent> javaType) {

    public static final String CLOUD_EVENT_TYPE_PREFIX = "io.shiporskip.";

    public String cloudEventType() {
        return CLOUD_EVENT_TYPE_PREFIX + name + ".v" + version;
    }
}
