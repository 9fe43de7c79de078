package io.shiporskip.contracts.catalog;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator locked community voting on a tool; the reason travels as the event's reason. */
public record ToolVotingLocked(String toolId) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
