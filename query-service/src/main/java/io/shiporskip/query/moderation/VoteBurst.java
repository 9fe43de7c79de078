package io.shiporskip.query.moderation;

import java.util.List;

/**
 * One tool whose votes in the window stand out.
 *
 * @param votes          VoteCast and VoteChanged events on the tool in the window
 * @param expectedVotes  what the tool's own baseline predicts for a window this long
 * @param ratio          votes / max(expectedVotes, 1): how far above its norm the tool is
 * @param voterCount     distinct voters in the window
 * @param newVoterCount  those whose first vote ever falls inside the window
 * @param voters         the voters involved, earliest first (at most {@link VoteBursts#MAX_VOTERS})
 */
public record VoteBurst(String toolId, long votes, double expectedVotes, double ratio, long ship, long skip,
                        long voterCount, long newVoterCount, List<BurstVoter> voters, boolean votersTruncated) {
}
