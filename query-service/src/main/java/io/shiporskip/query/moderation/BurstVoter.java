package io.shiporskip.query.moderation;

import java.time.Instant;

/**
 * A voter behind a burst: their votes on the tool in the window, their latest choice there, and when they first
 * voted at all ({@code newVoter} when that is inside the window). Moderators void or suspend with the voterId.
 */
public record BurstVoter(String voterId, long votes, String choice, Instant firstVoteAt, boolean newVoter) {
}
