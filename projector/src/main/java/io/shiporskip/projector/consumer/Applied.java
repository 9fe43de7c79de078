package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.TallyEffect;

/** An event being applied, with the envelope it travelled in. */
public record Applied(ShipOrSkipEvent event, CloudEvent envelope) {

    /**
     * The events that change a tally ({@link TallyEffect}): nearly all of the traffic, and they only touch tallies,
     * buckets, voter views and the log.
     */
    public boolean isVote() {
        return TallyEffect.of(event).isPresent();
    }
}
