package io.shiporskip.contracts.panel;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A panelist's take on a tool, as their persona; {@code revision} is 1 for the first, then 2, 3, ... */
public record PanelReviewSubmitted(String toolId, Persona persona, int score, Verdict verdict, String text,
                                   int revision) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
