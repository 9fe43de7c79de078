package io.shiporskip.command.eventstore;

/**
 * Metadata keys every command carries and every event inherits: who acted, under which role, and why. The names are
 * the published language's ({@link io.shiporskip.contracts.EventMetadata}): the projector reads them from stored rows.
 */
public final class EventMetadata {

    public static final String ACTOR_ID = io.shiporskip.contracts.EventMetadata.ACTOR_ID;
    public static final String ACTOR_ROLE = io.shiporskip.contracts.EventMetadata.ACTOR_ROLE;
    public static final String REASON = io.shiporskip.contracts.EventMetadata.REASON;
    /** Shared by every event one command stores: a consistency token for several events names it. */
    public static final String COMMAND_ID = io.shiporskip.contracts.EventMetadata.COMMAND_ID;

    private EventMetadata() {
    }
}
