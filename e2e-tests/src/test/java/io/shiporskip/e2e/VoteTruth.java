package io.shiporskip.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The votes as the test knows them, folded from the answers the command service acknowledged and nothing else: each
 * (tool, voter)'s current choice and the vote events each acknowledged command must have stored, per tool and type.
 * Shares no code with the system; a test records an action only after its success answer.
 *
 * <p>The rules folded are the product brief's: casting the current choice again stores nothing, casting the other
 * choice is a change, retracting or voiding removes the current vote, and suspending voids every current vote.
 * Actions on one (tool, voter) must be recorded in the order they were acknowledged (one thread per voter).
 */
final class VoteTruth {

    static final String CAST = "VoteCast";
    static final String CHANGED = "VoteChanged";
    static final String RETRACTED = "VoteRetracted";
    static final String VOIDED = "VoteVoided";
    static final List<String> VOTE_TYPES = List.of(CAST, CHANGED, RETRACTED, VOIDED);

    private final Map<String, Map<String, String>> currentByTool = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> events = new ConcurrentHashMap<>();

    /** A PUT of {@code choice} on the tool's vote was answered 200. */
    void voted(String tool, String voter, String choice) {
        String before = votes(tool).put(voter, choice);
        if (before == null) {
            count(tool, CAST);
        } else if (!before.equals(choice)) {
            count(tool, CHANGED);
        }
    }

    /** A DELETE of the voter's vote on the tool was answered 204. */
    void retracted(String tool, String voter) {
        if (votes(tool).remove(voter) != null) {
            count(tool, RETRACTED);
        }
    }

    /** A moderator's void of the voter's vote on the tool was answered 200. */
    void voided(String tool, String voter) {
        if (votes(tool).remove(voter) != null) {
            count(tool, VOIDED);
        }
    }

    /** A moderator's suspension of the voter was answered 202: every current vote of theirs is voided. */
    void suspended(String voter) {
        currentByTool.keySet().forEach(tool -> voided(tool, voter));
    }

    boolean hasVote(String tool, String voter) {
        return votes(tool).containsKey(voter);
    }

    /** {ship, skip} of one tool. */
    long[] tally(String tool) {
        long ship = votes(tool).values().stream().filter("SHIP"::equals).count();
        return new long[] {ship, votes(tool).size() - ship};
    }

    /** One voter's current votes: tool -> choice. */
    Map<String, String> votesOf(String voter) {
        Map<String, String> mine = new TreeMap<>();
        currentByTool.forEach((tool, votes) -> {
            String choice = votes.get(voter);
            if (choice != null) {
                mine.put(tool, choice);
            }
        });
        return mine;
    }

    /** How many vote events of each type the acknowledged commands stored for the tool (every type, 0 included). */
    Map<String, Long> eventCounts(String tool) {
        Map<String, Long> counts = new TreeMap<>();
        VOTE_TYPES.forEach(type -> counts.put(type, events.getOrDefault(tool + "|" + type, new AtomicLong()).get()));
        return counts;
    }

    /** The sum of several truths (e.g. one per load of a test class). */
    static long[] tally(List<VoteTruth> truths, String tool) {
        long[] sum = new long[2];
        for (VoteTruth truth : truths) {
            long[] one = truth.tally(tool);
            sum[0] += one[0];
            sum[1] += one[1];
        }
        return sum;
    }

    private Map<String, String> votes(String tool) {
        return currentByTool.computeIfAbsent(tool, t -> new ConcurrentHashMap<>());
    }

    private void count(String tool, String type) {
        events.computeIfAbsent(tool + "|" + type, k -> new AtomicLong()).incrementAndGet();
    }
}
