package io.shiporskip.query.analytics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Reads {@code vote_bucket} (one row per tool and UTC hour) and rolls it up. */
@Component
class VoteTrends {

    private final JdbcClient jdbc;

    VoteTrends(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Dense points for every bucket starting in [first, end), zeros where nothing happened. */
    List<TrendPoint> points(String toolId, Bucket bucket, Instant first, Instant end) {
        String length = bucket.length().toHours() + " hours";
        return jdbc.sql("""
                SELECT b.start,
                       coalesce(sum(v.cast_count), 0) AS cast_count, coalesce(sum(v.changed), 0) AS changed,
                       coalesce(sum(v.retracted), 0) AS retracted, coalesce(sum(v.voided), 0) AS voided,
                       coalesce(sum(v.ship), 0) AS ship, coalesce(sum(v.skip), 0) AS skip
                FROM generate_series(?::timestamptz, ?::timestamptz - interval '1 microsecond', ?::interval) AS b(start)
                LEFT JOIN vote_bucket v ON v.tool_id = ? AND v.bucket_start >= b.start
                                       AND v.bucket_start < b.start + ?::interval
                GROUP BY b.start ORDER BY b.start
                """).params(Timestamp.from(first), Timestamp.from(end), length, toolId, length)
                .query((rs, n) -> new TrendPoint(rs.getTimestamp("start").toInstant(), rs.getInt("cast_count"),
                        rs.getInt("changed"), rs.getInt("retracted"), rs.getInt("voided"), rs.getInt("ship"),
                        rs.getInt("skip")))
                .list();
    }

    /** The tools whose tally moved most (by |ship - skip|) in the hours since {@code since}. */
    List<Mover> movers(Instant since, int limit) {
        return jdbc.sql("""
                SELECT tool_id, sum(ship) AS ship, sum(skip) AS skip, sum(ship) - sum(skip) AS net
                FROM vote_bucket WHERE bucket_start >= ?
                GROUP BY tool_id HAVING sum(ship) <> 0 OR sum(skip) <> 0
                ORDER BY abs(sum(ship) - sum(skip)) DESC, tool_id LIMIT ?
                """).params(Timestamp.from(since), limit)
                .query((rs, n) -> new Mover(rs.getString("tool_id"), rs.getInt("ship"), rs.getInt("skip"),
                        rs.getInt("net")))
                .list();
    }
}
