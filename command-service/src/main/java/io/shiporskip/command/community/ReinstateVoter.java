package io.shiporskip.command.community;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lift a voter's suspension; voided votes stay voided (moderator). */
public record ReinstateVoter(String voterId) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Voter.streamId(voterId);
    }
}
