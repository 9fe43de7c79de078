package io.shiporskip.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.contracts.Topics;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.tokens.DevTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds every read model from a history of N events (default 300,000) while page reads go on, over the real stack.
 * The history is written into the event store ({@link StoredVoteHistory}); the relay publishes it and the live
 * projector projects it (timed: the live projection rate). Baseline in the same run: a bare kafka-clients consumer
 * reading the same topic from the start. Checks: the rebuild switches, not one page read fails, every tool's tally
 * equals the generated truth, and (with --verify) the equality proof finds no difference.
 */
public final class RebuildBenchmark {

    private static final String TOOL_PREFIX = "bench-tool-";
    private static final String PAGE = "bench-page";

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(BenchArgs.option(args, "--events", "300000"));
        int tools = Integer.parseInt(BenchArgs.option(args, "--tools", "100"));
        int readerThreads = Integer.parseInt(BenchArgs.option(args, "--readers", "4"));
        String source = BenchArgs.option(args, "--source", "KAFKA");
        boolean verify = List.of(args).contains("--verify");
        try (BenchStack stack = BenchStack.create("shiporskip_bench_rebuild")) {
            stack.fleet.startAll(Duration.ofMinutes(3));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("command", "./shiporskip bench rebuild " + String.join(" ", args));
            result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                    "service_jvm_options", ServiceFleet.BENCHMARK_JVM_OPTIONS));
            result.put("events", events);
            result.put("tools", tools);
            run(stack.database, stack.fleet, stack.bootstrapServers, events, tools, readerThreads, source, verify, result);
            String json = BenchJson.write(result);
            Files.writeString(stack.work.resolve("rebuild-benchmark.json"), json);
            System.out.println(json);
        }
    }

    private static void run(PostgresEndpoint database, ServiceFleet fleet, String bootstrap, int events, int tools,
                            int readerThreads, String source, boolean verify, Map<String, Object> result)
            throws Exception {
        Http commands = new Http(fleet.baseUrl(Service.COMMAND));
        Http queries = new Http(fleet.baseUrl(Service.QUERY));
        Http projector = new Http(fleet.baseUrl(Service.PROJECTOR));
        String editor = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "bench-editor", List.of("editor"), null, Duration.ofHours(2));
        String admin = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "bench-admin", List.of("admin"), null, Duration.ofHours(2));
        for (int t = 0; t < tools; t++) {
            Http.Reply listed = commands.post("/api/v1/tools", editor, Map.of("id", TOOL_PREFIX + t, "name", "Bench " + t,
                    "tagline", "Under load", "description", "A tool for the rebuild benchmark.", "category", "Developer Tools",
                    "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "Benchmarks"));
            BenchArgs.require(listed.status() == 201, "listing a tool answered " + listed.status() + " " + listed.body());
        }
        BenchArgs.require(commands.post("/api/v1/comparisons", editor, Map.of("id", PAGE, "title", "Bench page",
                "toolIds", List.of(TOOL_PREFIX + 0, TOOL_PREFIX + 1))).status() == 201, "comparison not created");

        long t0 = System.nanoTime();
        try (Connection c = database.connect()) {
            StoredVoteHistory.load(c, events, tools, TOOL_PREFIX);
        }
        result.put("load_seconds", seconds(t0));
        long t1 = System.nanoTime();
        long stored = count(database, "SELECT count(*) FROM event_store.domain_event_entry");
        waitUntil(() -> count(database, "SELECT count(*) FROM read_model.applied_event") >= stored, Duration.ofMinutes(60));
        double live = seconds(t1);
        result.put("live_projection", Map.of("events", stored, "seconds", live,
                "events_per_second", Latencies.round(stored / live),
                "note", "relay (event store -> Kafka) and projector together, from the end of the load"));

        TopicBaseline.Read raw = TopicBaseline.readAll(bootstrap);
        result.put("baseline_raw_consume", raw);

        Readers readers = new Readers(queries, tools, readerThreads);
        Thread.sleep(2_000);
        Http.Reply started = projector.post("/api/v1/admin/rebuilds", admin, Map.of("source", source));
        BenchArgs.require(started.status() == 202, "rebuild answered " + started.status() + " " + started.body());
        String id = started.json().get("rebuildId").asText();
        long t2 = System.nanoTime();
        JsonNode status;
        double peakRate = 0;
        while (true) {
            status = projector.get("/api/v1/admin/rebuilds/" + id, admin).json();
            if (status.hasNonNull("eventsPerSecond")) {
                peakRate = Math.max(peakRate, status.get("eventsPerSecond").asDouble());
            }
            if (!"RUNNING".equals(status.get("state").asText())) {
                break;
            }
            Thread.sleep(500);
        }
        double wall = seconds(t2);
        Thread.sleep(2_000);
        Map<String, Object> reads = readers.stop();
        BenchArgs.require("SWITCHED".equals(status.get("state").asText()), "rebuild ended " + status);
        long applied = status.get("eventsApplied").asLong();
        Map<String, Object> rebuild = new LinkedHashMap<>();
        rebuild.put("source", status.get("source").asText());
        rebuild.put("generation", status.get("generation").asInt());
        rebuild.put("events_applied", applied);
        rebuild.put("seconds", wall);
        rebuild.put("events_per_second", Latencies.round(applied / wall));
        rebuild.put("ratio_vs_raw_consume", Latencies.round(applied / wall / raw.eventsPerSecond()));
        result.put("rebuild", rebuild);
        result.put("page_reads_during_rebuild", reads);

        Map<String, long[]> truth;
        try (Connection c = database.connect()) {
            truth = StoredVoteHistory.tallies(c, TOOL_PREFIX);
        }
        int checked = 0;
        for (var tool : truth.entrySet()) {
            JsonNode community = queries.get("/api/v1/tools/" + tool.getKey(), null).json().get("community");
            BenchArgs.require(community.get("ship").asLong() == tool.getValue()[0] && community.get("skip").asLong() == tool.getValue()[1],
                    tool.getKey() + ": " + community + " but the history says " + tool.getValue()[0] + "/" + tool.getValue()[1]);
            checked++;
        }
        result.put("tallies_equal_the_generated_truth", checked + " tools");
        System.out.println("rebuilt: " + rebuild + ", reads during it: " + reads);
        if (verify) {
            long t3 = System.nanoTime();
            JsonNode proof = new Http(fleet.baseUrl(Service.PROJECTOR), Duration.ofMinutes(30))
                    .post("/api/v1/admin/verifications", admin, Map.of()).json();
            result.put("equality_proof", Map.of("differences", proof.get("differences").asLong(),
                    "events_replayed", proof.get("eventsReplayed").asLong(), "seconds", seconds(t3)));
            BenchArgs.require(proof.get("differences").asLong() == 0, "the equality proof found differences: " + proof);
        }
        BenchArgs.require(((List<?>) reads.get("errors")).isEmpty(), "page reads failed during the rebuild: " + reads.get("errors"));
    }

    /** Anonymous readers of the comparison page and tool cards, counting every answer that is not a 200. */
    private static final class Readers {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong answered = new AtomicLong();
        private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<Latencies> latencies = new ArrayList<>();
        private final ExecutorService threads;

        Readers(Http queries, int tools, int count) {
            threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                Latencies own = new Latencies();
                latencies.add(own);
                threads.submit(() -> {
                    while (running.get()) {
                        String path = ThreadLocalRandom.current().nextBoolean() ? "/api/v1/comparisons/" + PAGE
                                : "/api/v1/tools/" + TOOL_PREFIX + ThreadLocalRandom.current().nextInt(tools);
                        long t = System.nanoTime();
                        try {
                            Http.Reply reply = queries.get(path, null);
                            if (reply.status() != 200) {
                                errors.add(path + " -> " + reply.status());
                            }
                        } catch (RuntimeException e) {
                            errors.add(path + " -> " + e);
                        }
                        own.add(System.nanoTime() - t);
                        answered.incrementAndGet();
                    }
                });
            }
        }

        Map<String, Object> stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(1, TimeUnit.MINUTES);
            Latencies all = new Latencies();
            latencies.forEach(all::addAll);
            Map<String, Object> summary = new LinkedHashMap<>(all.summary());
            summary.put("requests", answered.get());
            summary.put("errors", List.copyOf(errors.subList(0, Math.min(errors.size(), 20))));
            summary.put("error_count", errors.size());
            return summary;
        }
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void waitUntil(Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            BenchArgs.require(System.nanoTime() < deadline, "not done within " + timeout);
            Thread.sleep(500);
        }
    }

    private static long count(PostgresEndpoint database, String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long since) {
        return Latencies.round((System.nanoTime() - since) / 1e9);
    }

}
