package io.shiporskip.command.consistency;

import io.shiporskip.contracts.ConsistencyToken;

/**
 * What a handled command answers: the handler's own result and the consistency token of the state it left. Axon
 * intercepts a command's events only when the unit of work prepares to commit, after the handler has returned, so
 * the events are counted then; the gateway hands this object to the caller only after the commit.
 */
public final class Acknowledged {

    private volatile Object result;
    private volatile String lastEventId;
    private volatile String commandId;
    private volatile int eventCount;

    Acknowledged() {
    }

    void handlerReturned(Object handlerResult) {
        this.result = handlerResult;
    }

    synchronized void eventPublished(String eventId, String eventCommandId) {
        this.lastEventId = eventId;
        this.commandId = eventCommandId;
        this.eventCount++;
    }

    public <T> T resultAs(Class<T> type) {
        return type.cast(result);
    }

    /**
     * The token of what the command stored: its one event, or all its events by command id; for a no-op, the event
     * that made it one; null if there is none of these.
     */
    public String token() {
        if (eventCount > 1 && commandId != null) {
            return ConsistencyToken.ofCommand(commandId, eventCount).encode();
        }
        String eventId = lastEventId;
        if (eventId == null && result instanceof ReflectsEvent noOp) {
            eventId = noOp.lastEventId();
        }
        return eventId == null ? null : ConsistencyToken.ofEvent(eventId).encode();
    }
}
