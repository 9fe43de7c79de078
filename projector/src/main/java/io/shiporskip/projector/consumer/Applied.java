package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;

/** An event being applied, with the envelope it travelled in. */
public record Applied(ShipOrSkipEvent event, CloudEvent envelope) {

    /** The events that make up nearly all of the traffic, and only touch tallies, buckets, voter views and the log. */
    public boolean isVote() {
        return event instanceof VoteCast || event instanceof VoteChanged || event instanceof VoteRetracted
                || event instanceof VoteVoided;
    }
}
