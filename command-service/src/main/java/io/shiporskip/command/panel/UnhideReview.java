package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Show a hidden take again (moderator). */
public record UnhideReview(String toolId, Persona persona) {

    @TargetAggregateIdentifier
    public String reviewId() {
        return ReviewId.of(toolId, persona);
    }
}
