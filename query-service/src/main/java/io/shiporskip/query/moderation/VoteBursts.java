package io.shiporskip.query.moderation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds tools whose votes in a recent window are far above their own norm. The norm comes from the hourly
 * {@code vote_bucket} rows before the window (cheap whatever the history's size); the window itself is read from the
 * event log through its (subject, type, occurred_at) index, only for tools with vote activity in the window's hours.
 */
@Component
class VoteBursts {

    static final int MAX_VOTERS = 500;

    /** What makes a burst: at least {@code minVotes}, and at least {@code factor} times the expected count. */
    record Criteria(Instant at, Duration window, Duration baseline, long minVotes, double factor, int limit) {

        Instant from() {
            return at.minus(window);
        }

        /** The baseline ends at the hour the window starts in, so no vote of the window counts in its own norm. */
        Instant baselineTo() {
            return from().truncatedTo(ChronoUnit.HOURS);
        }

        Instant baselineFrom() {
            return baselineTo().minus(baseline);
        }
    }

    private record WindowCount(String toolId, long votes, long ship, long skip, long voters, long baselineVotes) {
    }

    private static final String WINDOW_COUNTS = """
            WITH candidates AS (
                SELECT DISTINCT tool_id FROM vote_bucket
                WHERE bucket_start >= date_trunc('hour', CAST(:from AS timestamptz))
                  AND bucket_start <= CAST(:at AS timestamptz) AND cast_count + changed > 0
            ), recent AS (
                SELECT e.subject AS tool_id, e.actor_id,
                       CASE e.type WHEN 'VoteCast' THEN e.data->>'choice' ELSE e.data->>'to' END AS choice
                FROM candidates c JOIN event_log e ON e.subject = c.tool_id
                WHERE e.type IN ('VoteCast', 'VoteChanged')
                  AND e.occurred_at > CAST(:from AS timestamptz) AND e.occurred_at <= CAST(:at AS timestamptz)
            ), per_tool AS (
                SELECT tool_id, count(*) AS votes, count(*) FILTER (WHERE choice = 'SHIP') AS ship,
                       count(*) FILTER (WHERE choice = 'SKIP') AS skip, count(DISTINCT actor_id) AS voters
                FROM recent GROUP BY tool_id HAVING count(*) >= :minVotes
            )
            SELECT p.tool_id, p.votes, p.ship, p.skip, p.voters,
                   coalesce((SELECT sum(b.cast_count + b.changed) FROM vote_bucket b
                             WHERE b.tool_id = p.tool_id AND b.bucket_start >= CAST(:baselineFrom AS timestamptz)
                               AND b.bucket_start < CAST(:baselineTo AS timestamptz)), 0) AS baseline_votes
            FROM per_tool p
            """;

    private static final String VOTERS = """
            SELECT r.actor_id, count(*) AS votes,
                   (array_agg(CASE r.type WHEN 'VoteCast' THEN r.data->>'choice' ELSE r.data->>'to' END
                              ORDER BY r.occurred_at DESC, r.seq DESC))[1] AS choice,
                   (SELECT min(f.occurred_at) FROM event_log f
                    WHERE f.actor_id = r.actor_id AND f.type = 'VoteCast') AS first_vote_at
            FROM event_log r
            WHERE r.subject = :toolId AND r.type IN ('VoteCast', 'VoteChanged')
              AND r.occurred_at > CAST(:from AS timestamptz) AND r.occurred_at <= CAST(:at AS timestamptz)
            GROUP BY r.actor_id
            ORDER BY min(r.occurred_at), r.actor_id
            """;

    private final JdbcClient jdbc;

    VoteBursts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    VoteBurstReport find(Criteria criteria) {
        double windowShare = (double) criteria.window().toSeconds() / criteria.baseline().toSeconds();
        List<VoteBurst> bursts = new ArrayList<>();
        for (WindowCount count : windowCounts(criteria)) {
            double expected = count.baselineVotes() * windowShare;
            double ratio = count.votes() / Math.max(expected, 1.0);
            if (ratio >= criteria.factor()) {
                bursts.add(burst(count, expected, ratio, criteria));
            }
        }
        bursts.sort(Comparator.comparingDouble(VoteBurst::ratio).reversed().thenComparing(VoteBurst::toolId));
        return new VoteBurstReport(criteria.from(), criteria.at(), criteria.baselineFrom(), criteria.baselineTo(),
                bursts.subList(0, Math.min(bursts.size(), criteria.limit())));
    }

    private List<WindowCount> windowCounts(Criteria criteria) {
        return jdbc.sql(WINDOW_COUNTS)
                .param("from", Timestamp.from(criteria.from()))
                .param("at", Timestamp.from(criteria.at()))
                .param("minVotes", criteria.minVotes())
                .param("baselineFrom", Timestamp.from(criteria.baselineFrom()))
                .param("baselineTo", Timestamp.from(criteria.baselineTo()))
                .query((rs, i) -> new WindowCount(rs.getString("tool_id"), rs.getLong("votes"), rs.getLong("ship"),
                        rs.getLong("skip"), rs.getLong("voters"), rs.getLong("baseline_votes")))
                .list();
    }

    private VoteBurst burst(WindowCount count, double expected, double ratio, Criteria criteria) {
        List<BurstVoter> voters = jdbc.sql(VOTERS + " LIMIT " + (MAX_VOTERS + 1))
                .param("toolId", count.toolId())
                .param("from", Timestamp.from(criteria.from()))
                .param("at", Timestamp.from(criteria.at()))
                .query((rs, i) -> {
                    Timestamp first = rs.getTimestamp("first_vote_at");
                    Instant firstVoteAt = first == null ? null : first.toInstant();
                    boolean isNew = firstVoteAt == null || firstVoteAt.isAfter(criteria.from());
                    return new BurstVoter(rs.getString("actor_id"), rs.getLong("votes"), rs.getString("choice"),
                            firstVoteAt, isNew);
                })
                .list();
        // counted over every voter of the window, not only the listed ones
        long newVoters = jdbc.sql("""
                SELECT count(DISTINCT r.actor_id) FROM event_log r
                WHERE r.subject = :toolId AND r.type IN ('VoteCast', 'VoteChanged')
                  AND r.occurred_at > CAST(:from AS timestamptz) AND r.occurred_at <= CAST(:at AS timestamptz)
                  AND NOT EXISTS (SELECT 1 FROM event_log f WHERE f.actor_id = r.actor_id AND f.type = 'VoteCast'
                                  AND f.occurred_at <= CAST(:from AS timestamptz))
                """)
                .param("toolId", count.toolId())
                .param("from", Timestamp.from(criteria.from()))
                .param("at", Timestamp.from(criteria.at()))
                .query(Long.class).single();
        boolean truncated = voters.size() > MAX_VOTERS;
        return new VoteBurst(count.toolId(), count.votes(), round(expected), round(ratio), count.ship(), count.skip(),
                count.voters(), newVoters, truncated ? voters.subList(0, MAX_VOTERS) : voters, truncated);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
