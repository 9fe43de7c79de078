package io.shiporskip.command.community;

import io.shiporskip.contracts.community.VoterReinstated;
import io.shiporskip.contracts.community.VoterSuspended;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A voter's standing with the moderators. Suspending again, or reinstating an active voter, changes nothing. */
@Aggregate
class Voter {

    @AggregateIdentifier
    private String streamId;
    private boolean suspended;
    private String lastEventId;

    Voter() {
        // for Axon, and for the first suspension
    }

    static String streamId(String voterId) {
        return "voter:" + voterId;
    }

    /** Suspends the voter; false when they already were. Called by {@link Suspensions}, which also voids the votes. */
    boolean suspend(String voterId) {
        if (suspended) {
            return false;
        }
        apply(new VoterSuspended(voterId));
        return true;
    }

    VoterStatus status() {
        return new VoterStatus(suspended, lastEventId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    VoterStatus handle(ReinstateVoter command) {
        if (suspended) {
            apply(new VoterReinstated(command.voterId()));
        }
        return status();
    }

    @EventSourcingHandler
    void on(VoterSuspended event, EventMessage<?> message) {
        streamId = streamId(event.voterId());
        suspended = true;
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(VoterReinstated event, EventMessage<?> message) {
        suspended = false;
        lastEventId = message.getIdentifier();
    }
}
