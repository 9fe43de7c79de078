package io.shiporskip.infra.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.tokens.DevTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * From a vote's 200 to its visibility in the query service (waitFor on its token), while votes go on at a rate;
 * probes run unmeasured for the warm-up first. Also the stored-to-applied time of every vote event in the measured
 * window, from the database's own timestamps, which tells the relay, Kafka and the projector apart from the query
 * service's part.
 */
final class ProjectionLagPhase {

    /**
     * @param p50Ms vote answered -> visible in one HTTP read of its tool card with waitFor, median
     * @param notVisibleWithin5s probes whose waitFor read did not see the vote (the read gives up after 5 s)
     */
    record Figures(double writeRateTargetPerSecond, double writeRateAchievedPerSecond, double p50Ms, double p99Ms,
                   int samples, @JsonProperty("not_visible_within_5_s") int notVisibleWithin5s, StoredToApplied storedToApplied) {
    }

    /**
     * The event's time_stamp (set as its command ran) -> applied_at (the start of the projector's transaction that
     * applied it), for every vote event of the measured window: relay, Kafka and projector, less the projector's own
     * batch time.
     */
    record StoredToApplied(Double p50Ms, Double p99Ms, long events) {
    }

    private final BenchStack stack;
    private final List<String> toolIds;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;

    ProjectionLagPhase(BenchStack stack, List<String> toolIds, int concurrency, Duration duration, Duration warmup) {
        this.stack = stack;
        this.toolIds = toolIds;
        this.concurrency = concurrency;
        this.duration = duration;
        this.warmup = warmup;
    }

    Figures run(double rate) throws Exception {
        Http commands = new Http(stack.fleet.baseUrl(Service.COMMAND));
        Http queries = new Http(stack.fleet.baseUrl(Service.QUERY));
        Duration loadLength = warmup.plus(duration);
        VoteMix paced = new VoteMix(stack.fleet.baseUrl(Service.COMMAND), toolIds, "paced", concurrency,
                (int) Math.max(100, rate * loadLength.toSeconds() / concurrency));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<VoteMix.Run> load = background.submit(() -> paced.run(loadLength, rate));
            probe(commands, queries, warmup, "probe-warmup-");
            Instant measuredFrom = Instant.now();
            Probes probes = probe(commands, queries, duration, "probe-");
            Instant measuredTo = Instant.now();
            VoteMix.Run achieved = load.get();
            Latencies lag = new Latencies();
            probes.nanos.forEach(lag::add);
            return new Figures(Latencies.round(rate), achieved.accepted().perSecond(), lag.percentile(50),
                    lag.percentile(99), probes.nanos.size(), probes.notVisible, storedToApplied(measuredFrom, measuredTo));
        } finally {
            background.shutdownNow();
        }
    }

    private static final class Probes {
        private final List<Long> nanos = new ArrayList<>();
        private int notVisible;
    }

    private Probes probe(Http commands, Http queries, Duration length, String voterPrefix) throws InterruptedException {
        Probes probes = new Probes();
        long end = System.nanoTime() + length.toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            String tool = toolIds.get(i % toolIds.size());
            String voter = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, voterPrefix + i, List.of("voter"), null,
                    Duration.ofHours(2));
            Http.Reply vote = commands.put("/api/v1/tools/" + tool + "/vote", voter, Map.of("choice", "SHIP"));
            BenchArgs.require(vote.status() == 200, "probe vote answered " + vote.status());
            long t0 = System.nanoTime();
            Http.Reply seen = queries.get("/api/v1/tools/" + tool + "?waitFor=" + vote.json().get("token").asText(),
                    null);
            probes.nanos.add(System.nanoTime() - t0);
            if (seen.status() != 200) {
                probes.notVisible++;
            }
            Thread.sleep(20); // probes are samples, not load: the paced voters are the load
        }
        return probes;
    }

    private StoredToApplied storedToApplied(Instant from, Instant to) throws Exception {
        try (Connection c = stack.database.connect(); PreparedStatement query = c.prepareStatement("""
                SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP
                         (ORDER BY extract(epoch FROM a.applied_at - e.time_stamp::timestamptz) * 1000),
                       count(*)
                FROM event_store.domain_event_entry e
                JOIN read_model.applied_event a ON a.event_id = e.event_identifier
                WHERE e.payload_type IN ('io.shiporskip.contracts.community.VoteCast',
                                         'io.shiporskip.contracts.community.VoteChanged',
                                         'io.shiporskip.contracts.community.VoteRetracted')
                  AND e.time_stamp::timestamptz BETWEEN ? AND ?""")) {
            query.setObject(1, java.sql.Timestamp.from(from));
            query.setObject(2, java.sql.Timestamp.from(to));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                Double[] percentiles = (Double[]) row.getArray(1).getArray();
                return new StoredToApplied(percentiles[0] == null ? null : Latencies.round(percentiles[0]),
                        percentiles[1] == null ? null : Latencies.round(percentiles[1]), row.getLong(2));
            }
        }
    }
}
