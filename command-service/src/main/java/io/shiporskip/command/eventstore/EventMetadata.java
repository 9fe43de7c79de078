package io.shiporskip.command.eventstore;

/** Metadata keys every command carries and every event inherits: who acted, under which role, and why. */
public final class EventMetadata {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String REASON = "reason";
    /** Shared by every event one command stores: a consistency token for several events names it. */
    public static final String COMMAND_ID = "commandId";

    private EventMetadata() {
    }
}
