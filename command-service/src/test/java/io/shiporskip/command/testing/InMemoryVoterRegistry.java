package io.shiporskip.command.testing;

import io.shiporskip.command.community.VoterIsSuspended;
import io.shiporskip.command.community.VoterRegistry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The voter registry as a set of suspended voters, for aggregate fixtures. */
public final class InMemoryVoterRegistry implements VoterRegistry {

    private final Set<String> suspended = new HashSet<>();

    public InMemoryVoterRegistry suspended(String voterId) {
        suspended.add(voterId);
        return this;
    }

    @Override
    public boolean lockShared(String voterId) {
        return suspended.contains(voterId);
    }

    @Override
    public void lockForSuspension(String voterId) {
        // nothing to lock in memory
    }

    @Override
    public List<CurrentVote> currentVotes(String voterId) {
        return List.of();
    }
}
