package io.shiporskip.contracts;

/**
 * Metadata keys every command carries and every stored event inherits: who acted, under which role, and why. The
 * event store keeps them in {@code meta_data}; on Kafka they become the extension attributes of the CloudEvent.
 */
public final class EventMetadata {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String REASON = "reason";
    /** Shared by every event one command stores: a consistency token for several events names it. */
    public static final String COMMAND_ID = "commandId";

    private EventMetadata() {
    }
}
