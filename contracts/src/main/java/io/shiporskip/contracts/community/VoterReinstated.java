package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator lifted a suspension; voided votes stay voided. */
public record VoterReinstated(String voterId) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return voterId;
    }
}
