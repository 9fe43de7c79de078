package io.shiporskip.command.community;

import io.shiporskip.contracts.community.Choice;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Vote SHIP or SKIP on a tool: casts a first vote, changes a different one, or does nothing for the same one. */
public record CastVote(String toolId, String voterId, Choice choice) {

    @TargetAggregateIdentifier
    public String ballotId() {
        return BallotId.of(toolId, voterId);
    }
}
