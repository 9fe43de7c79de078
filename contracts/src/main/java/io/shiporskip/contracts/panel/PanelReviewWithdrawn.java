package io.shiporskip.contracts.panel;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** The panelist took their take back; the persona shows "no panel take" until a new revision. */
public record PanelReviewWithdrawn(String toolId, Persona persona, int revision) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
