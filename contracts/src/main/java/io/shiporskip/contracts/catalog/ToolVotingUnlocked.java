package io.shiporskip.contracts.catalog;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator opened community voting on a tool again. */
public record ToolVotingUnlocked(String toolId) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
