package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the query service answers about votes (tool card, {@code /me/votes}, trends over all time, audit history), and
 * the comparison of those answers with an independent fold ({@link VoteTruth} or {@link StoreFold}).
 */
final class ReadSide {

    private static final String ANALYST = RunningStack.token("oracle-analyst", "analyst");
    /** Trends over all time: far before any test and beyond the present. */
    private static final String ALL_TIME = "&from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z";

    private final Http queries;

    ReadSide(Http queries) {
        this.queries = queries;
    }

    long[] tally(String tool) {
        JsonNode community = ok(queries.get("/api/v1/tools/" + tool, null)).get("community");
        return new long[] {community.get("ship").asLong(), community.get("skip").asLong()};
    }

    Map<String, String> votesOf(String voter) {
        Map<String, String> votes = new TreeMap<>();
        ok(queries.get("/api/v1/me/votes", RunningStack.token(voter, "voter")))
                .forEach(v -> votes.put(v.get("toolId").asText(), v.get("choice").asText()));
        return votes;
    }

    /** The weekly trend points summed: vote event counts per type. */
    Map<String, Long> trendCounts(String tool) {
        long[] sums = new long[4];
        ok(queries.get("/api/v1/analytics/tools/" + tool + "/votes?bucket=week" + ALL_TIME, ANALYST)).get("points")
                .forEach(p -> {
                    sums[0] += p.get("cast").asLong();
                    sums[1] += p.get("changed").asLong();
                    sums[2] += p.get("retracted").asLong();
                    sums[3] += p.get("voided").asLong();
                });
        return Map.of(VoteTruth.CAST, sums[0], VoteTruth.CHANGED, sums[1], VoteTruth.RETRACTED, sums[2],
                VoteTruth.VOIDED, sums[3]);
    }

    /** The tool's audit history read to its end: vote event counts per type. */
    Map<String, Long> historyCounts(String tool) {
        Map<String, Long> counts = new TreeMap<>();
        VoteTruth.VOTE_TYPES.forEach(type -> counts.put(type, 0L));
        String cursor = null;
        do {
            JsonNode page = ok(queries.get("/api/v1/tools/" + tool + "/history?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor), ANALYST));
            page.get("events").forEach(e -> counts.computeIfPresent(e.get("type").asText(), (t, n) -> n + 1));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return counts;
    }

    /**
     * Waits (with a deadline: the read side is eventually consistent) until card, trends and history of every tool,
     * and {@code /me/votes} of every voter, equal what the test's own truth says.
     */
    void awaitAgreesWith(VoteTruth truth, Collection<String> tools, Collection<String> voters) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String tool : tools) {
                assertThat(tally(tool)).as(tool + " card {ship, skip}").containsExactly(truth.tally(tool));
                assertThat(trendCounts(tool)).as(tool + " trends").isEqualTo(truth.eventCounts(tool));
                assertThat(historyCounts(tool)).as(tool + " history").isEqualTo(truth.eventCounts(tool));
            }
            for (String voter : voters) {
                assertThat(votesOf(voter)).as(voter + " /me/votes").isEqualTo(truth.votesOf(voter));
            }
        });
    }

    /** The same comparison against the plain SQL fold of the event store. */
    void awaitAgreesWith(StoreFold store, Collection<String> tools, Collection<String> voters) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String tool : tools) {
                assertThat(tally(tool)).as(tool + " card {ship, skip}").containsExactly(store.tally(tool));
                assertThat(trendCounts(tool)).as(tool + " trends").isEqualTo(store.voteEventCounts(tool));
                assertThat(historyCounts(tool)).as(tool + " history").isEqualTo(store.voteEventCounts(tool));
            }
            for (String voter : voters) {
                assertThat(votesOf(voter)).as(voter + " /me/votes").isEqualTo(store.votesOf(voter));
            }
        });
    }

    private static JsonNode ok(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
