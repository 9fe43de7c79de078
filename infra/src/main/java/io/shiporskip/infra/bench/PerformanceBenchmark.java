package io.shiporskip.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.tokens.DevTokens;
import org.apache.kafka.common.utils.AppInfoParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code ./shiporskip bench}: the product's figures side by side with physical baselines measured in the same run on
 * the same machine (write path vs single-row JDBC commits, page reads vs primary-key selects, rebuild vs a bare Kafka
 * consumer), plus projection lag at half the measured write rate and the services' peak memory. One JSON document,
 * printed and written to {@code .shiporskip/bench/benchmark.json}.
 */
public final class PerformanceBenchmark {

    private static final String TOOL_PREFIX = "bench-tool-";
    private static final String PAGE = "bench-page";

    private final BenchStack stack;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;
    private final int tools;
    private final List<String> toolIds;

    private PerformanceBenchmark(BenchStack stack, int concurrency, Duration duration, Duration warmup, int tools) {
        this.stack = stack;
        this.concurrency = concurrency;
        this.duration = duration;
        this.warmup = warmup;
        this.tools = tools;
        this.toolIds = IntStream.range(0, tools).mapToObj(i -> TOOL_PREFIX + i).toList();
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int concurrency = Integer.parseInt(BenchArgs.option(args, "--concurrency", "8"));
        Duration duration = Duration.ofSeconds(Long.parseLong(BenchArgs.option(args, "--duration", quick ? "6" : "30")));
        // each measured loop first runs unmeasured for this long: JIT compilation otherwise dominates short phases
        Duration warmup = Duration.ofSeconds(Long.parseLong(BenchArgs.option(args, "--warmup", quick ? "4" : "15")));
        int tools = Integer.parseInt(BenchArgs.option(args, "--tools", quick ? "30" : "100"));
        int rebuildEvents = Integer.parseInt(BenchArgs.option(args, "--events", quick ? "10000" : "1000000"));
        boolean profile = List.of(args).contains("--profile");
        long started = System.nanoTime();
        List<String> jvmOptions = new ArrayList<>(ServiceFleet.BENCHMARK_JVM_OPTIONS);
        if (profile) {
            // one JFR recording per service, dumped when it stops: .shiporskip/bench/<pid>.jfr
            jvmOptions.add("-XX:FlightRecorderOptions=stackdepth=256");
            jvmOptions.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + Path.of(".shiporskip/bench").toAbsolutePath() + "/");
        }
        try (BenchStack stack = BenchStack.create("shiporskip_bench_all", jvmOptions)) {
            stack.fleet.startAll(Duration.ofMinutes(3));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("command", ("./shiporskip bench " + String.join(" ", args)).trim());
            result.put("machine", machine());
            result.put("versions", versions(stack.database));
            result.put("parameters", Map.of("quick", quick, "concurrency", concurrency,
                    "duration_seconds_per_phase", duration.toSeconds(), "warmup_seconds_per_phase", warmup.toSeconds(),
                    "tools", tools, "rebuild_events", rebuildEvents));
            PerformanceBenchmark bench = new PerformanceBenchmark(stack, concurrency, duration, warmup, tools);
            try (ServiceMemory memory = new ServiceMemory(stack.fleet)) {
                bench.setUp();
                Map<String, Object> write = bench.write();
                result.put("write", write);
                double maxRate = (double) ((Map<?, ?>) write.get("value")).get("votes_per_second");
                result.put("projection_lag", bench.projectionLag(maxRate / 2));
                result.put("page_reads", bench.pageReads());
                result.put("rebuild", bench.rebuild(rebuildEvents));
                result.put("memory", memory.peaks());
            }
            result.put("targets", targets(result));
            result.put("wall_seconds", Latencies.round((System.nanoTime() - started) / 1e9));
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
            Path out = stack.work.resolve("benchmark.json");
            Files.writeString(out, json);
            System.out.println(json);
            System.out.println("written to " + out);
        }
    }

    private void setUp() {
        Http commands = new Http(stack.fleet.baseUrl(Service.COMMAND));
        String editor = token("bench-editor", "editor");
        for (String id : toolIds) {
            Http.Reply listed = commands.post("/api/v1/tools", editor, Map.of("id", id, "name", id,
                    "tagline", "Under load", "description", "A tool for the benchmark.", "category", "Developer Tools",
                    "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "Benchmarks"));
            BenchArgs.require(listed.status() == 201, "listing a tool answered " + listed.status() + " " + listed.body());
        }
        BenchArgs.require(commands.post("/api/v1/comparisons", editor, Map.of("id", PAGE, "title", "Bench page",
                "toolIds", toolIds.subList(0, 2))).status() == 201, "comparison not created");
    }

    /** Votes/s over HTTP at concurrency C vs single-row INSERT + COMMIT into a table shaped like the event store. */
    private Map<String, Object> write() throws Exception {
        jdbcInserts(warmup);
        CpuUse baselineCpu = stack.cpuUse();
        Map<String, Object> baseline = jdbcInserts(duration);
        baselineCpu.addTo(baseline);
        Http commands = new Http(stack.fleet.baseUrl(Service.COMMAND));
        new VoteMix(commands, toolIds, "warmup").run(concurrency, warmup, 0);
        CpuUse cpu = stack.cpuUse();
        Map<String, Object> value = new VoteMix(commands, toolIds, "writer").run(concurrency, duration, 0);
        cpu.addTo(value);
        return figure(value, "votes_per_second", baseline, "rows_per_second");
    }

    private Map<String, Object> jdbcInserts(Duration length) throws Exception {
        try (Connection c = stack.database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench_baseline");
            s.execute("DROP TABLE IF EXISTS bench_baseline.domain_event_entry");
            // the event store's shape: global index, unique event id, unique (aggregate, sequence), bytea payloads
            s.execute("""
                    CREATE TABLE bench_baseline.domain_event_entry (
                        global_index BIGSERIAL PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE,
                        aggregate_identifier TEXT NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),
                        payload_type VARCHAR(255) NOT NULL, payload_revision VARCHAR(255), payload BYTEA NOT NULL,
                        meta_data BYTEA, time_stamp VARCHAR(255) NOT NULL,
                        UNIQUE (aggregate_identifier, sequence_number))""");
        }
        AtomicLong rows = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        runThreads(t -> {
            Latencies own = new Latencies();
            synchronized (latencies) {
                latencies.add(own);
            }
            try (Connection c = stack.database.connect(); PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO bench_baseline.domain_event_entry (event_identifier, aggregate_identifier,
                        sequence_number, type, payload_type, payload_revision, payload, meta_data, time_stamp)
                    VALUES (?, ?, 0, 'Ballot', 'io.shiporskip.contracts.community.VoteCast', '1', ?, ?, ?)""")) {
                c.setAutoCommit(true);
                for (int i = 0; System.nanoTime() < end; i++) {
                    String voter = "baseline-" + t + "-" + i;
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, "ballot:bench-tool-" + (i % tools) + ":" + voter);
                    insert.setBytes(3, ("{\"toolId\":\"bench-tool-" + (i % tools) + "\",\"voterId\":\"" + voter
                            + "\",\"choice\":\"SHIP\"}").getBytes());
                    insert.setBytes(4, ("{\"actorId\":\"" + voter + "\",\"commandId\":\"" + UUID.randomUUID()
                            + "\",\"actorRole\":\"voter\"}").getBytes());
                    insert.setString(5, Instant.now().toString());
                    long t0 = System.nanoTime();
                    insert.executeUpdate();
                    own.add(System.nanoTime() - t0);
                    rows.incrementAndGet();
                }
            }
        });
        return throughput("rows_per_second", rows.get(), start, latencies);
    }

    /**
     * From a vote's 200 to its visibility in the query service (waitFor on its token), while votes go on at a rate;
     * probes run unmeasured for the warm-up first. Also the stored-to-applied share of every vote event in the
     * measured window, from the database's own timestamps, which tells the relay, Kafka and the projector apart
     * from the query service's part.
     */
    private Map<String, Object> projectionLag(double rate) throws Exception {
        Http commands = new Http(stack.fleet.baseUrl(Service.COMMAND));
        Http queries = new Http(stack.fleet.baseUrl(Service.QUERY));
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<Map<String, Object>> load = background.submit(() ->
                new VoteMix(commands, toolIds, "paced").run(concurrency, warmup.plus(duration), rate));
        probeVisibility(commands, queries, warmup, "probe-warmup-");
        Instant measuredFrom = Instant.now();
        Latencies lag = new Latencies();
        int notVisible = probeVisibility(commands, queries, duration, "probe-").andRecord(lag);
        Instant measuredTo = Instant.now();
        Map<String, Object> paced = load.get();
        background.shutdown();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("write_rate_target_per_second", Latencies.round(rate));
        result.put("write_rate_achieved_per_second", paced.get("votes_per_second"));
        result.put("p50_ms", lag.percentile(50));
        result.put("p99_ms", lag.percentile(99));
        result.put("samples", lag.summary().get("samples"));
        result.put("not_visible_within_5s", notVisible);
        result.put("stored_to_applied", storedToApplied(measuredFrom, measuredTo));
        result.put("note", "p50/p99: vote answered -> visible in one HTTP read of its tool card with waitFor; "
                + "stored_to_applied: the event's time_stamp (set as its command ran) -> applied_at (the start of "
                + "the projector's transaction that applied it), every vote event of the measured window: relay, "
                + "Kafka and projector, less the projector's own batch time");
        return result;
    }

    private Probes probeVisibility(Http commands, Http queries, Duration length, String voterPrefix)
            throws InterruptedException {
        Probes probes = new Probes();
        long end = System.nanoTime() + length.toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            String tool = toolIds.get(i % tools);
            Http.Reply vote = commands.put("/api/v1/tools/" + tool + "/vote", token(voterPrefix + i, "voter"),
                    Map.of("choice", "SHIP"));
            BenchArgs.require(vote.status() == 200, "probe vote answered " + vote.status());
            long t0 = System.nanoTime();
            Http.Reply seen = queries.get("/api/v1/tools/" + tool + "?waitFor=" + vote.json().get("token").asText(),
                    null);
            probes.add(System.nanoTime() - t0, seen.status() == 200);
            Thread.sleep(20);
        }
        return probes;
    }

    /** The probes' lags, kept until the caller decides whether they count (warm-up probes do not). */
    private static final class Probes {
        private final List<Long> nanos = new ArrayList<>();
        private int notVisible;

        void add(long lagNanos, boolean visible) {
            nanos.add(lagNanos);
            if (!visible) {
                notVisible++;
            }
        }

        int andRecord(Latencies into) {
            nanos.forEach(into::add);
            return notVisible;
        }
    }

    private Map<String, Object> storedToApplied(Instant from, Instant to) throws Exception {
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
                Map<String, Object> hop = new LinkedHashMap<>();
                hop.put("p50_ms", percentiles[0] == null ? null : Latencies.round(percentiles[0]));
                hop.put("p99_ms", percentiles[1] == null ? null : Latencies.round(percentiles[1]));
                hop.put("events", row.getLong(2));
                return hop;
            }
        }
    }

    /** Comparison pages/s at concurrency C vs single-row primary-key selects/s over JDBC. */
    private Map<String, Object> pageReads() throws Exception {
        readPages(warmup);
        CpuUse pageCpu = stack.cpuUse();
        Map<String, Object> value = readPages(duration);
        pageCpu.addTo(value);
        primaryKeySelects(warmup);
        CpuUse selectCpu = stack.cpuUse();
        Map<String, Object> baseline = primaryKeySelects(duration);
        selectCpu.addTo(baseline);
        return figure(value, "requests_per_second", baseline, "selects_per_second");
    }

    private Map<String, Object> readPages(Duration length) throws Exception {
        String queryUrl = stack.fleet.baseUrl(Service.QUERY);
        String path = "/api/v1/comparisons/" + PAGE;
        Http.Reply sample = new Http(queryUrl).get(path, null);
        BenchArgs.require(sample.status() == 200 && sample.json().get("tools").size() == 2,
                "the page is not what the benchmark set up: " + sample.status() + " " + sample.body());
        AtomicLong pages = new AtomicLong();
        List<Latencies> pageLatencies = new ArrayList<>();
        long pageStart = System.nanoTime();
        long pageEnd = pageStart + length.toNanos();
        runThreads(t -> {
            Latencies own = new Latencies();
            synchronized (pageLatencies) {
                pageLatencies.add(own);
            }
            try (KeepAliveGet connection = new KeepAliveGet(queryUrl, path)) {
                while (System.nanoTime() < pageEnd) {
                    long t0 = System.nanoTime();
                    int status = connection.fetch();
                    own.add(System.nanoTime() - t0);
                    BenchArgs.require(status == 200, "page answered " + status);
                    pages.incrementAndGet();
                }
            }
        });
        Map<String, Object> result = throughput("requests_per_second", pages.get(), pageStart, pageLatencies);
        result.put("client", "one keep-alive HTTP/1.1 connection per thread, answers read by Content-Length");
        return result;
    }

    private Map<String, Object> primaryKeySelects(Duration length) throws Exception {
        AtomicLong selects = new AtomicLong();
        List<Latencies> selectLatencies = new ArrayList<>();
        long selectStart = System.nanoTime();
        long selectEnd = selectStart + length.toNanos();
        runThreads(t -> {
            Latencies own = new Latencies();
            synchronized (selectLatencies) {
                selectLatencies.add(own);
            }
            Random random = new Random(t);
            try (Connection c = stack.database.connect();
                 PreparedStatement select = c.prepareStatement("SELECT * FROM read_model.tool_card WHERE tool_id = ?")) {
                while (System.nanoTime() < selectEnd) {
                    select.setString(1, toolIds.get(random.nextInt(tools)));
                    long t0 = System.nanoTime();
                    try (ResultSet rs = select.executeQuery()) {
                        BenchArgs.require(rs.next(), "no row");
                    }
                    own.add(System.nanoTime() - t0);
                    selects.incrementAndGet();
                }
            }
        });
        return throughput("selects_per_second", selects.get(), selectStart, selectLatencies);
    }

    /** A full rebuild of the history (N more events written into the store first) vs a bare consumer of the topic. */
    private Map<String, Object> rebuild(int events) throws Exception {
        try (Connection c = stack.database.connect()) {
            StoredVoteHistory.load(c, events, tools, TOOL_PREFIX);
        }
        long stored = count("SELECT count(*) FROM event_store.domain_event_entry");
        long waitStart = System.nanoTime();
        while (count("SELECT count(*) FROM read_model.applied_event") < stored) {
            BenchArgs.require(System.nanoTime() - waitStart < Duration.ofHours(1).toNanos(), "the live projection did not catch up");
            Thread.sleep(250);
        }
        Map<String, Object> baseline = TopicBaseline.readAll(stack.bootstrapServers);
        Http projector = new Http(stack.fleet.baseUrl(Service.PROJECTOR));
        String admin = token("bench-admin", "admin");
        CpuUse cpu = stack.cpuUse();
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
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("events", applied);
        value.put("seconds", Latencies.round(seconds));
        value.put("events_per_second", Latencies.round(applied / seconds));
        cpu.addTo(value);
        Map<String, Object> result = figure(value, "events_per_second", baseline, "events_per_second");
        result.put("live_projection_catch_up_seconds", Latencies.round((start - waitStart) / 1e9));
        return result;
    }

    private static Map<String, Object> figure(Map<String, Object> value, String valueKey, Map<String, Object> baseline,
                                              String baselineKey) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("value", value);
        result.put("baseline", baseline);
        result.put("ratio", Latencies.round((double) value.get(valueKey) / (double) baseline.get(baselineKey)));
        return result;
    }

    private static Map<String, Object> throughput(String key, long count, long start, List<Latencies> latencies) {
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = new Latencies();
        latencies.forEach(all::addAll);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(key, Latencies.round(count / seconds));
        result.put("count", count);
        result.put("p50_ms", all.percentile(50));
        result.put("p99_ms", all.percentile(99));
        return result;
    }

    private static Map<String, Object> targets(Map<String, Object> result) {
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("write_ratio_at_least_1", ratio(result, "write") >= 1.0);
        targets.put("rebuild_at_least_100000_events_per_second",
                (double) ((Map<?, ?>) ((Map<?, ?>) result.get("rebuild")).get("value")).get("events_per_second") >= 100_000);
        targets.put("page_reads_ratio_at_least_1", ratio(result, "page_reads") >= 1.0);
        targets.put("projection_lag_p99_at_most_200_ms",
                (double) ((Map<?, ?>) result.get("projection_lag")).get("p99_ms") <= 200);
        boolean heap = ((Map<?, ?>) result.get("memory")).values().stream()
                .allMatch(m -> (double) ((Map<?, ?>) m).get("peak_heap_mb") <= 256);
        targets.put("every_service_heap_at_most_256_mb", heap);
        return targets;
    }

    private static double ratio(Map<String, Object> result, String figure) {
        return (double) ((Map<?, ?>) result.get(figure)).get("ratio");
    }

    private interface Worker {
        void run(int thread) throws Exception;
    }

    private void runThreads(Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                worker.run(thread);
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }

    private long count(String sql) throws Exception {
        try (Connection c = stack.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Object> machine() throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                machine.put("memory_gib", Latencies.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0));
            }
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("service_jvm_options", ServiceFleet.BENCHMARK_JVM_OPTIONS);
        machine.put("note", "the services, PostgreSQL, the broker and the load generator share these cores");
        return machine;
    }

    private static Map<String, Object> versions(PostgresEndpoint database) throws Exception {
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("java", System.getProperty("java.version"));
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            versions.put("postgresql", rs.getString(1));
        }
        versions.put("kafka", AppInfoParser.getVersion());
        return versions;
    }

    private static String token(String subject, String role) {
        return DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, subject, List.of(role), null, Duration.ofHours(2));
    }

}
