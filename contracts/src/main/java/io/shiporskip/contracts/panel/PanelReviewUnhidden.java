package io.shiporskip.contracts.panel;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A moderator showed a hidden review again. */
public record PanelReviewUnhidden(String toolId, Persona persona) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
