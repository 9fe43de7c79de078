package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Write or revise a persona's take on a tool. */
public record SubmitReview(String toolId, Persona persona, int score, Verdict verdict, String text) {

    @TargetAggregateIdentifier
    public String reviewId() {
        return ReviewId.of(toolId, persona);
    }
}
