package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hide a persona's take from the page (moderator). */
public record HideReview(String toolId, Persona persona) {

    @TargetAggregateIdentifier
    public String reviewId() {
        return ReviewId.of(toolId, persona);
    }
}
