package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take a persona's take on a tool back. */
public record WithdrawReview(String toolId, Persona persona) {

    @TargetAggregateIdentifier
    public String reviewId() {
        return ReviewId.of(toolId, persona);
    }
}
