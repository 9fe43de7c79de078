package io.shiporskip.infra.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.tokens.DevTokens;
import org.apache.kafka.common.utils.AppInfoParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code ./shiporskip bench}: the product's figures side by side with physical baselines measured in the same run on
 * the same machine (write path vs JDBC commits of one row and of 100 rows, page reads vs primary-key selects,
 * rebuild vs a bare Kafka consumer), projection lag at half the measured write rate, the cost of each operation
 * (CPU per process and thread group, PostgreSQL's commits, statements and WAL) and the services' peak memory. One
 * JSON document ({@link Report}), printed and written to {@code .shiporskip/bench/benchmark.json}.
 */
public final class PerformanceBenchmark {

    private static final String TOOL_PREFIX = "bench-tool-";
    private static final String PAGE = "bench-page";

    /** The whole run; field names become snake_case in the JSON. */
    record Report(String command, Machine machine, Versions versions, Parameters parameters, WritePhase.Figures write,
                  ProjectionLagPhase.Figures projectionLag, PageReadPhase.Figures pageReads,
                  RebuildPhase.Figures rebuild, Map<String, ServiceMemory.Peak> memory, Targets targets,
                  double wallSeconds) {
    }

    record Machine(int cores, double memoryGib, String os, List<String> serviceJvmOptions,
                   boolean statementCountsAvailable, String note) {
    }

    record Versions(String java, String postgresql, String kafka) {
    }

    record Parameters(boolean quick, int concurrency, long durationSecondsPerPhase, long warmupSecondsPerPhase,
                      int tools, int rebuildEvents) {
    }

    /** Issue 15's targets, each met or not in this run. */
    record Targets(@JsonProperty("write_ratio_to_single_row_commits_at_least_0_35") boolean writeAtLeast035,
                   @JsonProperty("write_ratio_to_single_row_commits_at_least_1") boolean writeAtLeast1,
                   @JsonProperty("rebuild_at_least_100000_events_per_second") boolean rebuildAtLeast100000,
                   @JsonProperty("page_reads_ratio_at_least_1") boolean pagesAtLeast1,
                   @JsonProperty("projection_lag_p99_at_most_200_ms") boolean lagAtMost200,
                   @JsonProperty("every_service_heap_at_most_256_mb") boolean heapAtMost256) {

        static Targets of(WritePhase.Figures write, ProjectionLagPhase.Figures lag, PageReadPhase.Figures pages,
                          RebuildPhase.Figures rebuild, Map<String, ServiceMemory.Peak> memory) {
            return new Targets(write.ratioToSingleRowCommits() >= 0.35, write.ratioToSingleRowCommits() >= 1.0,
                    rebuild.eventsPerSecond() >= 100_000, pages.ratio() >= 1.0, lag.p99Ms() <= 200,
                    memory.values().stream().allMatch(m -> m.peakHeapMb() <= 256));
        }
    }

    private PerformanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int concurrency = Integer.parseInt(BenchArgs.option(args, "--concurrency", "8"));
        Duration duration = Duration.ofSeconds(Long.parseLong(BenchArgs.option(args, "--duration", quick ? "6" : "30")));
        // each measured loop first runs unmeasured for this long: JIT compilation otherwise dominates the phase (the
        // compiler threads' CPU per operation in each phase's cost shows whether it was long enough)
        Duration warmup = Duration.ofSeconds(Long.parseLong(BenchArgs.option(args, "--warmup", quick ? "4" : "30")));
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
        List<String> toolIds = IntStream.range(0, tools).mapToObj(i -> TOOL_PREFIX + i).toList();
        try (BenchStack stack = BenchStack.create("shiporskip_bench_all", jvmOptions)) {
            stack.fleet.startAll(Duration.ofMinutes(3));
            boolean statementCounts = DatabaseActivity.enableStatementCounts(stack.database);
            Report report;
            try (ServiceMemory memory = new ServiceMemory(stack.fleet)) {
                setUp(stack, toolIds);
                WritePhase.Figures write = new WritePhase(stack, toolIds, concurrency, duration, warmup).run();
                ProjectionLagPhase.Figures lag = new ProjectionLagPhase(stack, toolIds, concurrency, duration, warmup)
                        .run(write.votes().accepted().perSecond() / 2);
                PageReadPhase.Figures pages = new PageReadPhase(stack, toolIds, PAGE, concurrency, duration, warmup).run();
                RebuildPhase.Figures rebuild = new RebuildPhase(stack, tools, TOOL_PREFIX).run(rebuildEvents);
                Map<String, ServiceMemory.Peak> peaks = memory.peaks();
                report = new Report(("./shiporskip bench " + String.join(" ", args)).trim(),
                        machine(statementCounts), versions(stack.database),
                        new Parameters(quick, concurrency, duration.toSeconds(), warmup.toSeconds(), tools, rebuildEvents),
                        write, lag, pages, rebuild, peaks, Targets.of(write, lag, pages, rebuild, peaks),
                        Latencies.round((System.nanoTime() - started) / 1e9));
            }
            String json = BenchJson.write(report);
            Path out = stack.work.resolve("benchmark.json");
            Files.writeString(out, json);
            System.out.println(json);
            System.out.println("written to " + out);
        }
    }

    private static void setUp(BenchStack stack, List<String> toolIds) {
        Http commands = new Http(stack.fleet.baseUrl(Service.COMMAND));
        String editor = DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "bench-editor", List.of("editor"), null,
                Duration.ofHours(2));
        for (String id : toolIds) {
            Http.Reply listed = commands.post("/api/v1/tools", editor, Map.of("id", id, "name", id,
                    "tagline", "Under load", "description", "A tool for the benchmark.", "category", "Developer Tools",
                    "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "Benchmarks"));
            BenchArgs.require(listed.status() == 201, "listing a tool answered " + listed.status() + " " + listed.body());
        }
        BenchArgs.require(commands.post("/api/v1/comparisons", editor, Map.of("id", PAGE, "title", "Bench page",
                "toolIds", toolIds.subList(0, 2))).status() == 201, "comparison not created");
    }

    private static Machine machine(boolean statementCounts) throws Exception {
        double memoryGib = -1;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memoryGib = Latencies.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
            }
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), memoryGib,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                ServiceFleet.BENCHMARK_JVM_OPTIONS, statementCounts,
                "the services, PostgreSQL, the broker (its own JVM) and the load generator share these cores; "
                        + "statement counts need pg_stat_statements in shared_preload_libraries");
    }

    private static Versions versions(PostgresEndpoint database) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return new Versions(System.getProperty("java.version"), rs.getString(1), AppInfoParser.getVersion());
        }
    }
}
