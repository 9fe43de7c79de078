package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A voter switched a current vote from one choice to the other. */
public record VoteChanged(String toolId, String voterId, Choice from, Choice to) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
