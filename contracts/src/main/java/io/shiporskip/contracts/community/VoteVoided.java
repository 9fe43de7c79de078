package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator removed a current vote (alone, or as part of suspending the voter); {@code previous} no longer counts. */
public record VoteVoided(String toolId, String voterId, Choice previous) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
