package io.shiporskip.command.eventstore;

/** Metadata keys every command carries and every event inherits: who acted, under which role, and why. */
public final class EventMetadata {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String REASON = "reason";

    private EventMetadata() {
    }
}
