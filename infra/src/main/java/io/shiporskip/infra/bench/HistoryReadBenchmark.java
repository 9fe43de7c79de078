package io.shiporskip.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.tokens.DevTokens;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures the read paths that must not grow with a tool's vote count: a tool card {@code asOf} a past instant and a
 * one-year daily vote trend, for one tool with N vote events (default 1,000,000), over HTTP against the real query
 * service. Baseline in the same run: the naive way to answer asOf, folding every vote event up to the instant
 * (one SQL aggregate over the event log). Every asOf answer is also checked against that fold.
 *
 * <p>The read models are loaded with SQL in exactly the shape the projector writes (event_log, vote_bucket,
 * tool_state_history), because pushing a million events through the projector would make this a projector
 * benchmark (that is ./shiporskip bench, issue 6).
 */
public final class HistoryReadBenchmark {

    private static final String TOOL = "bench-tool";
    private static final Instant START = Instant.parse("2025-01-06T00:00:00Z");
    private static final Duration YEAR = Duration.ofDays(364);

    private HistoryReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(BenchArgs.option(args, "--events", "1000000"));
        int samples = Integer.parseInt(BenchArgs.option(args, "--samples", "100"));
        try (BenchStack stack = BenchStack.create("shiporskip_bench")) {
            // the projector owns the read-model schema; the query service reads it
            stack.fleet.start(Service.PROJECTOR).awaitReady(Duration.ofMinutes(2));
            stack.fleet.start(Service.QUERY).awaitReady(Duration.ofMinutes(2));
            long loadStart = System.nanoTime();
            try (Connection c = stack.database.connect()) {
                load(c, events);
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Map<String, Object> result = measure(stack.database, new Http(stack.fleet.baseUrl(Service.QUERY)), events,
                    samples);
            result.put("load_seconds", Latencies.round(loadSeconds));
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
            Files.writeString(stack.work.resolve("history-read-benchmark.json"), json);
            System.out.println(json);
        }
    }

    /** One tool, N consistent vote events over a year: 70 % casts, 20 % changes, 10 % retractions. */
    private static void load(Connection c, int events) throws Exception {
        long stepMicros = YEAR.toNanos() / 1000 / events;
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO read_model");
            s.execute("""
                    INSERT INTO tool_card (tool_id, name, tagline, description, category, pricing_model, pricing_entry,
                                           pricing_details, best_for, version, listed_at)
                    VALUES ('bench-tool', 'Bench Tool', 'Under load', 'A tool with a million votes.', 'Developer Tools',
                            'FREE', 'Free', 'Free', 'Benchmarks', 1, '2025-01-05T00:00:00Z')""");
            s.execute("""
                    INSERT INTO tool_state_history (tool_id, valid_from, state)
                    VALUES ('bench-tool', '2025-01-05T00:00:00Z', '{"name":"Bench Tool","tagline":"Under load",
                      "description":"A tool with a million votes.","category":"Developer Tools","pricingModel":"FREE",
                      "pricingEntry":"Free","pricingDetails":"Free","bestFor":"Benchmarks","version":1,"locked":false,
                      "reviews":{}}'::jsonb)""");
            // voter i casts at event i (i % 10 < 7); events i % 10 in 7, 8 change voter i - 7's vote; i % 10 = 9
            // retracts voter i - 9's (changed) vote: every tally stays consistent
            s.execute("""
                    INSERT INTO event_log (event_id, position, type, version, subject, actor_id, actor_role, occurred_at,
                                           data)
                    SELECT 'bench-' || i, i, t.type, 1, 'bench-tool', 'voter-' || t.voter, 'voter',
                           timestamptz '2025-01-06T00:00:00Z' + (i::bigint * %d) * interval '1 microsecond', t.data
                    FROM generate_series(0, %d) AS i,
                    LATERAL (SELECT CASE WHEN i %% 10 < 7 THEN 'VoteCast' WHEN i %% 10 < 9 THEN 'VoteChanged'
                                         ELSE 'VoteRetracted' END AS type,
                                    CASE WHEN i %% 10 < 7 THEN i WHEN i %% 10 < 9 THEN i - 7 ELSE i - 9 END AS voter) v,
                    LATERAL (SELECT v.type, v.voter, CASE
                        WHEN v.type = 'VoteCast' THEN jsonb_build_object('choice', CASE WHEN v.voter %% 2 = 0 THEN 'SHIP' ELSE 'SKIP' END)
                        WHEN v.type = 'VoteChanged' THEN jsonb_build_object(
                            'from', CASE WHEN v.voter %% 2 = 0 THEN 'SHIP' ELSE 'SKIP' END,
                            'to', CASE WHEN v.voter %% 2 = 0 THEN 'SKIP' ELSE 'SHIP' END)
                        ELSE jsonb_build_object('previous', CASE WHEN v.voter %% 2 = 0 THEN 'SKIP' ELSE 'SHIP' END)
                        END AS data) t
                    """.formatted(stepMicros, events - 1));
            s.execute("""
                    INSERT INTO vote_bucket (tool_id, bucket_start, cast_count, changed, retracted, voided, ship, skip)
                    SELECT subject, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                           count(*) FILTER (WHERE type = 'VoteCast'), count(*) FILTER (WHERE type = 'VoteChanged'),
                           count(*) FILTER (WHERE type = 'VoteRetracted'), 0,
                           sum(CASE WHEN type = 'VoteCast' AND data->>'choice' = 'SHIP' THEN 1
                                    WHEN type = 'VoteChanged' AND data->>'to' = 'SHIP' THEN 1
                                    WHEN type = 'VoteChanged' AND data->>'from' = 'SHIP' THEN -1
                                    WHEN type = 'VoteRetracted' AND data->>'previous' = 'SHIP' THEN -1 ELSE 0 END),
                           sum(CASE WHEN type = 'VoteCast' AND data->>'choice' = 'SKIP' THEN 1
                                    WHEN type = 'VoteChanged' AND data->>'to' = 'SKIP' THEN 1
                                    WHEN type = 'VoteChanged' AND data->>'from' = 'SKIP' THEN -1
                                    WHEN type = 'VoteRetracted' AND data->>'previous' = 'SKIP' THEN -1 ELSE 0 END)
                    FROM event_log WHERE subject = 'bench-tool' GROUP BY 1, 2""");
            s.execute("""
                    UPDATE tool_card SET (community_ship, community_skip) =
                        (SELECT sum(ship), sum(skip) FROM vote_bucket WHERE tool_id = 'bench-tool')
                    WHERE tool_id = 'bench-tool'""");
            s.execute("ANALYZE event_log");
            s.execute("ANALYZE vote_bucket");
        }
    }

    private static Map<String, Object> measure(PostgresEndpoint database, Http queries, int events, int samples)
            throws Exception {
        String analyst = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "bench", List.of("analyst"), null, Duration.ofHours(1));
        Random random = new Random(42);
        Latencies asOf = new Latencies();
        Latencies trend = new Latencies();
        Latencies naive = new Latencies();
        int checked = 0;
        String trendPath = "/api/v1/analytics/tools/" + TOOL + "/votes?bucket=day&from=" + START + "&to=" + START.plus(YEAR);
        for (int warmup = 0; warmup < 20; warmup++) {
            queries.get("/api/v1/tools/" + TOOL + "?asOf=" + START.plusSeconds(random.nextInt((int) YEAR.toSeconds())), null);
            queries.get(trendPath, analyst);
        }
        try (Connection c = database.connect();
             PreparedStatement fold = c.prepareStatement("""
                     SELECT coalesce(sum(CASE WHEN type = 'VoteCast' AND data->>'choice' = 'SHIP' THEN 1
                                     WHEN type = 'VoteChanged' AND data->>'to' = 'SHIP' THEN 1
                                     WHEN type = 'VoteChanged' AND data->>'from' = 'SHIP' THEN -1
                                     WHEN type IN ('VoteRetracted', 'VoteVoided') AND data->>'previous' = 'SHIP' THEN -1
                                     ELSE 0 END), 0) AS ship,
                            coalesce(sum(CASE WHEN type = 'VoteCast' AND data->>'choice' = 'SKIP' THEN 1
                                     WHEN type = 'VoteChanged' AND data->>'to' = 'SKIP' THEN 1
                                     WHEN type = 'VoteChanged' AND data->>'from' = 'SKIP' THEN -1
                                     WHEN type IN ('VoteRetracted', 'VoteVoided') AND data->>'previous' = 'SKIP' THEN -1
                                     ELSE 0 END), 0) AS skip
                     FROM read_model.event_log WHERE subject = ? AND occurred_at <= ?""")) {
            for (int i = 0; i < samples; i++) {
                Instant at = START.plusMillis((long) (random.nextDouble() * YEAR.toMillis()));
                long t0 = System.nanoTime();
                Http.Reply reply = queries.get("/api/v1/tools/" + TOOL + "?asOf=" + at, null);
                asOf.add(System.nanoTime() - t0);
                BenchArgs.require(reply.status() == 200, "asOf answered " + reply.status());
                long t1 = System.nanoTime();
                Http.Reply days = queries.get(trendPath, analyst);
                trend.add(System.nanoTime() - t1);
                BenchArgs.require(days.status() == 200 && days.json().get("points").size() == 364, "trend answered " + days.status());
                if (i < 20) {
                    fold.setString(1, TOOL);
                    fold.setTimestamp(2, Timestamp.from(at));
                    long t2 = System.nanoTime();
                    try (ResultSet rs = fold.executeQuery()) {
                        rs.next();
                        naive.add(System.nanoTime() - t2);
                        JsonNode community = reply.json().get("community");
                        BenchArgs.require(community.get("ship").asLong() == rs.getLong("ship")
                                && community.get("skip").asLong() == rs.getLong("skip"),
                                "asOf " + at + " differs from the full fold: " + community + " vs " + rs.getLong("ship")
                                        + "/" + rs.getLong("skip"));
                        checked++;
                    }
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", "./shiporskip bench history --events " + events + " --samples " + samples);
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version")));
        result.put("vote_events", events);
        result.put("as_of_tool_card_http", asOf.summary());
        result.put("one_year_daily_trend_http", trend.summary());
        result.put("baseline_full_fold_sql", naive.summary());
        result.put("as_of_speedup_vs_full_fold_p50", Latencies.round(naive.percentile(50) / asOf.percentile(50)));
        result.put("as_of_answers_checked_against_full_fold", checked);
        return result;
    }

}
