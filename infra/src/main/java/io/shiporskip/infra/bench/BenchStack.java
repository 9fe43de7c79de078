package io.shiporskip.infra.bench;

import io.shiporskip.contracts.Topics;
import io.shiporskip.infra.kafka.LocalKafkaBroker;
import io.shiporskip.infra.postgres.LocalPostgres;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.FreePorts;
import io.shiporskip.infra.tokens.DevTokens;

import java.nio.file.Files;
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
 * What every benchmark runs on: PostgreSQL (the server at POSTGRES_URL, or an embedded one), a fresh database, an
 * in-JVM broker with the events topic, and the services on free ports (started by the benchmark, as it needs them).
 * Closing it stops the services and the broker and drops the database.
 */
final class BenchStack implements AutoCloseable {

    final Path work;
    final PostgresEndpoint database;
    final String bootstrapServers;
    final ServiceFleet fleet;
    private final LocalPostgres postgres;
    private final LocalKafkaBroker broker;
    private final String databaseName;

    private BenchStack(Path work, LocalPostgres postgres, LocalKafkaBroker broker, String databaseName,
                       PostgresEndpoint database, ServiceFleet fleet) {
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
        LocalKafkaBroker broker = null;
        try {
            postgres.dropDatabase(databaseName);
            PostgresEndpoint database = postgres.database(databaseName);
            broker = LocalKafkaBroker.start(Files.createTempDirectory("bench-kafka-"), FreePorts.next(), FreePorts.next());
            broker.createTopics(Map.of(Topics.EVENTS, 6), Duration.ofSeconds(30));
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                ports.put(s, FreePorts.next());
            }
            ServiceFleet fleet = new ServiceFleet(root, new StackEndpoints(database, broker.bootstrapServers(),
                    Topics.EVENTS, DevTokens.LOCAL_DEV_SECRET).with(StackEndpoints.GENEROUS_RATE_LIMITS), ports,
                    work.resolve("logs"), jvmOptions);
            return new BenchStack(work, postgres, broker, databaseName, database, fleet);
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            postgres.close();
            throw e;
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
                postgres.dropDatabase(databaseName);
                postgres.close();
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** CPU use from now on, by service, by the PostgreSQL server and by this JVM (load generator and broker). */
    CpuUse cpuUse() {
        Map<String, Supplier<Collection<Long>>> groups = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            groups.put(service.module(), () -> fleet.get(service).isAlive() ? List.of(fleet.get(service).pid()) : List.of());
        }
        groups.put("postgres", CpuUse.POSTGRES);
        groups.put("benchmark (load, broker)", () -> List.of(ProcessHandle.current().pid()));
        return new CpuUse(groups);
    }
}
