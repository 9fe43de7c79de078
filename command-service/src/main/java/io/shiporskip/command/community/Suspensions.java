package io.shiporskip.command.community;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Suspending touches several aggregates in one transaction: the voter, and each ballot holding a current vote of
 * theirs, voided as its own {@code VoteVoided} event keyed by its tool so partitioned projections stay exact.
 */
@Component
class Suspensions {

    private final Repository<Voter> voters;
    private final Repository<Ballot> ballots;
    private final VoterRegistry registry;

    Suspensions(Repository<Voter> voters, Repository<Ballot> ballots, VoterRegistry registry) {
        this.voters = voters;
        this.ballots = ballots;
        this.registry = registry;
    }

    @CommandHandler
    VoterStatus handle(SuspendVoter command) throws Exception {
        String voterId = command.voterId();
        // the exclusive lock (already taken by WriteLockOrder, before any aggregate's JVM lock): votes in flight
        // finish (and are voided below) or wait (and are refused)
        registry.lockForSuspension(voterId);
        Aggregate<Voter> voter = voters.loadOrCreate(Voter.streamId(voterId), Voter::new);
        boolean suspendedNow = voter.invoke(v -> v.suspend(voterId));
        if (suspendedNow) {
            for (VoterRegistry.CurrentVote vote : registry.currentVotes(voterId)) {
                ballots.load(BallotId.of(vote.toolId(), voterId)).execute(b -> b.voidCurrent(vote.toolId(), voterId));
            }
        }
        return voter.invoke(Voter::status);
    }
}
