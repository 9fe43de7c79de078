package io.shiporskip.projector.consumer;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;

import java.util.List;

/**
 * One read model. It is handed each event once, inside the transaction of the batch that carries it. Projections run
 * in their {@code @Order}: those that read other read models (the state history) come after the ones they read.
 */
public interface Projection {

    void apply(ShipOrSkipEvent event, CloudEvent envelope);

    /**
     * A run of consecutive vote events ({@link Applied#isVote()}), in order. Votes change nothing that another
     * projection reads (the state history leaves the tally out), so a run is handed to each projection whole; those
     * that keep a read model of votes override this with set-based statements: one per run, not one per event.
     */
    default void applyVotes(List<Applied> votes) {
        votes.forEach(vote -> apply(vote.event(), vote.envelope()));
    }

    /**
     * The same run, written as {@code writes} says; a projection that appends a row per event overrides this to
     * append them with {@code COPY} where it may ({@link RowWrites#COPY}), the others write as {@link #applyVotes}.
     */
    default void applyVotes(List<Applied> votes, RowWrites writes) {
        applyVotes(votes);
    }
}
