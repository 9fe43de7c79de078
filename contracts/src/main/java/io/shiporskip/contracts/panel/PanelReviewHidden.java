package io.shiporskip.contracts.panel;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator hid a persona's review of a tool; it stays hidden, across revisions, until unhidden. */
public record PanelReviewHidden(String toolId, Persona persona) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
