package io.shiporskip.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.tokens.DevTokens;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * N more vote events written straight into the event store (as Axon stores them), the live path (relay and
 * projector) timed while it catches up, then a full rebuild of the history from the topic into a new generation,
 * with the switch, beside a bare kafka-clients consumer reading the same topic.
 */
final class RebuildPhase {

    /**
     * @param liveCatchUp relay + projector for the backlog just written, from the end of the load to the last event applied
     * @param ratio rebuild events/s ÷ the bare consumer's events/s
     */
    record Figures(long events, double seconds, double eventsPerSecond, PhaseCost cost, TopicBaseline.Read bareConsumer,
                   double ratio, LiveCatchUp liveCatchUp) {
    }

    record LiveCatchUp(long events, double seconds, double eventsPerSecond) {
    }

    private final BenchStack stack;
    private final int tools;
    private final String toolPrefix;

    RebuildPhase(BenchStack stack, int tools, String toolPrefix) {
        this.stack = stack;
        this.tools = tools;
        this.toolPrefix = toolPrefix;
    }

    Figures run(int events) throws Exception {
        try (Connection c = stack.database.connect()) {
            StoredVoteHistory.load(c, events, tools, toolPrefix);
        }
        long stored = count("SELECT count(*) FROM event_store.domain_event_entry");
        long waitStart = System.nanoTime();
        while (count("SELECT count(*) FROM read_model.applied_event") < stored) {
            BenchArgs.require(System.nanoTime() - waitStart < Duration.ofHours(1).toNanos(),
                    "the live projection did not catch up");
            Thread.sleep(250);
        }
        double catchUpSeconds = (System.nanoTime() - waitStart) / 1e9;
        TopicBaseline.Read bare = TopicBaseline.readAll(stack.bootstrapServers);
        Http projector = new Http(stack.fleet.baseUrl(Service.PROJECTOR));
        String admin = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "bench-admin", List.of("admin"), null,
                Duration.ofHours(2));
        PhaseCost.Meter meter = stack.costMeter();
        long start = System.nanoTime();
        Http.Reply started = projector.post("/api/v1/admin/rebuilds", admin, Map.of("source", "KAFKA"));
        BenchArgs.require(started.status() == 202, "rebuild answered " + started.status() + " " + started.body());
        JsonNode status;
        do {
            Thread.sleep(200);
            status = projector.get("/api/v1/admin/rebuilds/" + started.json().get("rebuildId").asText(), admin).json();
        } while ("RUNNING".equals(status.get("state").asText()));
        double seconds = (System.nanoTime() - start) / 1e9;
        BenchArgs.require("SWITCHED".equals(status.get("state").asText()), "rebuild ended " + status);
        long applied = status.get("eventsApplied").asLong();
        PhaseCost cost = meter.stop(applied);
        double rate = Latencies.round(applied / seconds);
        return new Figures(applied, Latencies.round(seconds), rate, cost, bare,
                Latencies.ratio(rate, bare.eventsPerSecond()),
                new LiveCatchUp(events, Latencies.round(catchUpSeconds), Latencies.round(events / catchUpSeconds)));
    }

    private long count(String sql) throws Exception {
        try (Connection c = stack.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
