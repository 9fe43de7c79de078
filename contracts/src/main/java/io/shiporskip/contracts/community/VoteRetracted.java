package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A voter took back a current vote; {@code previous} is the choice that no longer counts. */
public record VoteRetracted(String toolId, String voterId, Choice previous) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
