package io.shiporskip.command.consistency;

import io.shiporskip.contracts.ConsistencyToken;

/**
 * What a handled command answers: the handler's own result and the consistency token of the state it left. Axon
 * intercepts a command's events only when the unit of work prepares to commit, after the handler has returned, so
 * the last event id is filled in then; the gateway hands this object to the caller only after the commit.
 */
public final class Acknowledged {

    private volatile Object result;
    private volatile String lastEventId;

    Acknowledged() {
    }

    void handlerReturned(Object handlerResult) {
        this.result = handlerResult;
    }

    void eventPublished(String eventId) {
        this.lastEventId = eventId;
    }

    public <T> T resultAs(Class<T> type) {
        return type.cast(result);
    }

    /** The token of the last stored event, or for a no-op the event that made it one; null if there is neither. */
    public String token() {
        String eventId = lastEventId;
        if (eventId == null && result instanceof ReflectsEvent noOp) {
            eventId = noOp.lastEventId();
        }
        return eventId == null ? null : new ConsistencyToken(eventId).encode();
    }
}
