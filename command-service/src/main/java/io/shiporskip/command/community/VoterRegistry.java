package io.shiporskip.command.community;

import io.shiporskip.contracts.community.Choice;

import java.util.List;

/** Which voters are suspended and what each voter's current votes are, without loading their aggregates. */
public interface VoterRegistry {

    /**
     * Holds the voter's lock shared until the caller's transaction ends, so a concurrent suspension waits
     * for this vote (and then voids it) or this vote waits for the suspension (and is then refused).
     *
     * @throws VoterIsSuspended when the voter is suspended
     */
    default void requireActive(String voterId) {
        if (lockShared(voterId)) {
            throw new VoterIsSuspended();
        }
    }

    /**
     * Holds the voter's lock shared until the caller's transaction ends; true when the voter is suspended (read after
     * the lock was granted, so a suspension that committed meanwhile is seen). Taken once per unit of work: later calls answer from it.
     */
    boolean lockShared(String voterId);

    /**
     * Takes the exclusive lock a suspension or reinstatement needs, before it reads the voter's current votes or
     * changes their standing. Taken once per unit of work.
     */
    void lockForSuspension(String voterId);

    List<CurrentVote> currentVotes(String voterId);

    record CurrentVote(String toolId, Choice choice) {
    }
}
