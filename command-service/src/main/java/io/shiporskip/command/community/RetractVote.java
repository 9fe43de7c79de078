package io.shiporskip.command.community;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take back one's current vote on a tool. */
public record RetractVote(String toolId, String voterId) {

    @TargetAggregateIdentifier
    public String ballotId() {
        return BallotId.of(toolId, voterId);
    }
}
