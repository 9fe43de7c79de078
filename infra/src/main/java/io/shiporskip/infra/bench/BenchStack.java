package io.shiporskip.infra.bench;

import io.shiporskip.contracts.Topics;
import io.shiporskip.infra.postgres.LocalPostgres;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.FreePorts;
import io.shiporskip.infra.tokens.DevTokens;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every benchmark runs on: PostgreSQL (the server at POSTGRES_URL, or an embedded one), a fresh database, a
 * broker with the events topic in a JVM of its own ({@link BrokerProcess}), and the services on free ports (started by the benchmark, as it needs them).
 * Closing it stops the services and the broker and drops the database.
 */
final class BenchStack implements AutoCloseable {

    final Path work;
    final PostgresEndpoint database;
    final String bootstrapServers;
    final ServiceFleet fleet;
    private final LocalPostgres postgres;
    private final BrokerProcess broker;
    private final String databaseName;
    private final Connection exclusive;

    private BenchStack(Path work, LocalPostgres postgres, BrokerProcess broker, String databaseName,
                       PostgresEndpoint database, ServiceFleet fleet, Connection exclusive) {
        this.exclusive = exclusive;
        this.work = work;
        this.postgres = postgres;
        this.broker = broker;
        this.databaseName = databaseName;
        this.database = database;
        this.bootstrapServers = broker.bootstrapServers();
        this.fleet = fleet;
    }

    static BenchStack create(String databaseName) throws Exception {
        return create(databaseName, ServiceFleet.BENCHMARK_JVM_OPTIONS);
    }

    static BenchStack create(String databaseName, java.util.List<String> jvmOptions) throws Exception {
        Path root = Path.of(System.getProperty("shiporskip.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve(".shiporskip/bench"));
        PostgresEndpoint wanted = new PostgresEndpoint(env("POSTGRES_URL", "jdbc:postgresql://localhost:5432/postgres"),
                env("POSTGRES_USER", "postgres"), env("POSTGRES_PASSWORD", ""));
        LocalPostgres postgres = LocalPostgres.reachableOrEmbedded(wanted, Optional.of(
                new LocalPostgres.EmbeddedSpec(work.resolve("postgres"), FreePorts.next(), true)));
        BrokerProcess broker = null;
        Connection exclusive = null;
        try {
            exclusive = onlyBenchmarkOn(postgres);
            postgres.dropDatabase(databaseName);
            PostgresEndpoint database = postgres.database(databaseName);
            broker = BrokerProcess.start(Files.createTempDirectory("bench-kafka-"), FreePorts.next(), FreePorts.next(),
                    Topics.EVENTS, 6, work.resolve("logs/kafka-broker.log"));
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                ports.put(s, FreePorts.next());
            }
            ServiceFleet fleet = new ServiceFleet(root, new StackEndpoints(database, broker.bootstrapServers(),
                    Topics.EVENTS, DevTokens.LOCAL_DEV_SECRET).with(StackEndpoints.GENEROUS_RATE_LIMITS), ports,
                    work.resolve("logs"), jvmOptions);
            return new BenchStack(work, postgres, broker, databaseName, database, fleet, exclusive);
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            if (exclusive != null) {
                exclusive.close();
            }
            postgres.close();
            throw e;
        }
    }

    /**
     * Holds a session advisory lock on the server for the whole run (released when the connection closes, also when
     * this JVM dies): two benchmarks at once would share the cores and the database and measure each other, and the
     * second would drop the first one's database.
     */
    private static Connection onlyBenchmarkOn(LocalPostgres postgres) throws Exception {
        Connection c = postgres.database("postgres").connect();
        try (Statement s = c.createStatement();
             ResultSet locked = s.executeQuery("SELECT pg_try_advisory_lock(hashtext('shiporskip-benchmark'))")) {
            locked.next();
            if (!locked.getBoolean(1)) {
                c.close();
                throw new IllegalStateException("another ./shiporskip bench is running against this PostgreSQL server; "
                        + "wait for it to end: two at once would measure each other");
            }
            return c;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            fleet.close();
        } finally {
            try {
                broker.close();
            } finally {
                try {
                    postgres.dropDatabase(databaseName);
                } finally {
                    exclusive.close();
                    postgres.close();
                }
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A cost meter for a phase: CPU by process and by thread group of each JVM, PostgreSQL's work. */
    PhaseCost.Meter costMeter() {
        return new PhaseCost.Meter(database, processes(), jvms());
    }

    private Map<String, Supplier<Collection<Long>>> processes() {
        Map<String, Supplier<Collection<Long>>> groups = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            groups.put(service.module(), () -> fleet.get(service).isAlive() ? List.of(fleet.get(service).pid()) : List.of());
        }
        groups.put("postgres", CpuUse.POSTGRES);
        groups.put(KAFKA_BROKER, () -> List.of(broker.pid()));
        groups.put(LOAD_GENERATOR, () -> List.of(ProcessHandle.current().pid()));
        return groups;
    }

    private Map<String, Long> jvms() {
        Map<String, Long> jvms = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            if (fleet.get(service).isAlive()) {
                jvms.put(service.module(), fleet.get(service).pid());
            }
        }
        jvms.put(KAFKA_BROKER, broker.pid());
        jvms.put(LOAD_GENERATOR, ProcessHandle.current().pid());
        return jvms;
    }

    static final String KAFKA_BROKER = "kafka broker";
    static final String LOAD_GENERATOR = "load generator (this JVM)";
}
