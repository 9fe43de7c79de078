package io.shiporskip.query.moderation;

import io.shiporskip.support.security.VoterKeys;

import java.time.Instant;

/**
 * A voter behind a burst: their votes on the tool in the window, their latest choice there, and when they first
 * voted at all ({@code newVoter} when that is inside the window). Moderators void or suspend with the voterKey
 * (any voter id) or the voterId (ids a path segment can carry).
 */
public record BurstVoter(String voterId, String voterKey, long votes, String choice, Instant firstVoteAt,
                         boolean newVoter) {

    BurstVoter(String voterId, long votes, String choice, Instant firstVoteAt, boolean newVoter) {
        this(voterId, VoterKeys.of(voterId), votes, choice, firstVoteAt, newVoter);
    }
}
