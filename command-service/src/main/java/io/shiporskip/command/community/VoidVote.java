package io.shiporskip.command.community;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove one voter's current vote on a tool (moderator). */
public record VoidVote(String toolId, String voterId) {

    @TargetAggregateIdentifier
    public String ballotId() {
        return BallotId.of(toolId, voterId);
    }
}
