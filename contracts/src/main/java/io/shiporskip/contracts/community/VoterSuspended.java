package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator suspended a voter: their current votes are voided (separate events) and new votes refused. */
public record VoterSuspended(String voterId) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return voterId;
    }
}
