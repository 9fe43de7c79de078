package io.shiporskip.command.community;

import io.shiporskip.command.catalog.ToolRegistry;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One voter's vote on one tool. Kept apart from the tool so that many voters voting on one tool never contend for
 * the same aggregate version. The voter's suspension and the tool's lock come from the registries, whose row locks
 * order a vote against a concurrent suspension or lock.
 * <p>
 * Every rejection of a cast or a retraction is thrown before any event is applied: that is what lets concurrent votes
 * share a transaction (group commit, {@link VoteLanes}), where a rejected vote must leave nothing behind.
 */
@Aggregate(repository = "ballotRepository")
class Ballot {

    @AggregateIdentifier
    private String ballotId;
    private Choice current;
    private String lastEventId;

    protected Ballot() {
        // for Axon: created on the first vote, rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    VoteOutcome handle(CastVote command, ToolRegistry tools, VoterRegistry voters) {
        voters.requireActive(command.voterId());
        tools.requireVotable(command.toolId());
        if (command.choice() == current) {
            return new VoteOutcome(current, false, lastEventId);
        }
        if (current == null) {
            apply(new VoteCast(command.toolId(), command.voterId(), command.choice()));
        } else {
            apply(new VoteChanged(command.toolId(), command.voterId(), current, command.choice()));
        }
        return new VoteOutcome(current, true, lastEventId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RetractVote command, ToolRegistry tools, VoterRegistry voters) {
        voters.requireActive(command.voterId());
        tools.requireVotable(command.toolId());
        if (current == null) {
            throw new NoCurrentVote(command.toolId());
        }
        apply(new VoteRetracted(command.toolId(), command.voterId(), current));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(VoidVote command) {
        if (current == null) {
            throw new NoCurrentVote(command.toolId());
        }
        voidCurrent(command.toolId(), command.voterId());
    }

    /** Voids the current vote, if any: called for each ballot of a voter being suspended. */
    void voidCurrent(String toolId, String voterId) {
        if (current != null) {
            apply(new VoteVoided(toolId, voterId, current));
        }
    }

    @EventSourcingHandler
    void on(VoteCast event, EventMessage<?> message) {
        ballotId = BallotId.of(event.toolId(), event.voterId());
        current = event.choice();
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(VoteChanged event, EventMessage<?> message) {
        current = event.to();
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(VoteRetracted event, EventMessage<?> message) {
        current = null;
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(VoteVoided event, EventMessage<?> message) {
        current = null;
        lastEventId = message.getIdentifier();
    }
}
