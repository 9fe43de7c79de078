package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A voter with no current vote on a tool voted. The voter id is the token subject, nothing more. */
public record VoteCast(String toolId, String voterId, Choice choice) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
