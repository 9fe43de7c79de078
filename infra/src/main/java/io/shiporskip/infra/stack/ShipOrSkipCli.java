package io.shiporskip.infra.stack;

import io.shiporskip.contracts.Topics;
import io.shiporskip.infra.kafka.LocalKafkaBroker;
import io.shiporskip.infra.postgres.LocalPostgres;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.seed.SeedLoader;
import io.shiporskip.infra.tokens.DevTokens;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The product command behind {@code ./shiporskip}: {@code up} runs the whole local stack, {@code token} mints a dev JWT. */
public final class ShipOrSkipCli {

    private static final int EVENT_TOPIC_PARTITIONS = 6;

    private ShipOrSkipCli() {
    }

    public static void main(String[] args) throws Exception {
        String verb = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (verb) {
            case "up" -> {
                try {
                    up();
                } catch (Exception e) {
                    // the broker's threads would keep this JVM (and the services) alive: exit, and the shutdown hook
                    // stops whatever did start
                    e.printStackTrace();
                    System.exit(1);
                }
            }
            case "token" -> System.out.println(token(rest));
            case "seed" -> seed();
            case "bench" -> bench(rest);
            default -> {
                System.err.println("""
                        usage: ./shiporskip up
                               ./shiporskip seed     (loads the seed comparison into a running stack)
                               ./shiporskip bench [--quick] [--concurrency 8] [--duration 30] [--events 1000000] [--tools 100]
                               ./shiporskip bench history [--events 1000000] [--samples 100]
                               ./shiporskip bench rebuild [--events 300000] [--tools 100] [--readers 4] [--source KAFKA|EVENT_STORE] [--verify]
                               ./shiporskip token --sub <id> --roles <role,role> [--persona <PERSONA>] [--ttl PT12H]
                               ./shiporskip images [--base <image>]   (OCI image tarballs with Jib; docs/operations.md)""");
                System.exit(verb.equals("help") ? 0 : 2);
            }
        }
    }

    static String token(List<String> args) {
        String sub = option(args, "--sub").orElseThrow(() -> new IllegalArgumentException("--sub is required"));
        List<String> roles = List.of(option(args, "--roles").orElse("voter").split(","));
        Duration ttl = Duration.parse(option(args, "--ttl").orElse("PT12H"));
        return DevTokens.mint(DevTokens.secretFromEnvironment(), sub, roles, option(args, "--persona").orElse(null), ttl);
    }

    private static Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
    }

    private static void up() throws Exception {
        Instant started = Instant.now();
        Path root = Path.of(env("SHIPORSKIP_HOME", ".")).toAbsolutePath().normalize();
        // broker data and logs; a second stack beside a developer's (e.g. a test) points this elsewhere
        Path data = Path.of(env("SHIPORSKIP_STATE_DIR", root.resolve(".shiporskip").toString())).toAbsolutePath();
        List<AutoCloseable> toClose = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Ship or Skip ...");
            closeAll(toClose);
            stopped.countDown();
        }, "shiporskip-shutdown"));

        PostgresEndpoint wanted = new PostgresEndpoint(
                env("POSTGRES_URL", "jdbc:postgresql://localhost:5432/shiporskip"),
                env("POSTGRES_USER", "postgres"), env("POSTGRES_PASSWORD", ""));
        LocalPostgres postgres = LocalPostgres.reachableOrEmbedded(wanted, Optional.of(
                new LocalPostgres.EmbeddedSpec(data.resolve("postgres"), 54329, false)));
        toClose.add(0, postgres);
        PostgresEndpoint database = postgres.database(wanted.databaseName());

        // the services read SPRING_KAFKA_BOOTSTRAP_SERVERS over KAFKA_BOOTSTRAP_SERVERS: so does the choice of a broker
        String bootstrap = env("SPRING_KAFKA_BOOTSTRAP_SERVERS", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        LocalKafkaBroker broker = null;
        if (bootstrap == null || bootstrap.isBlank()) {
            // one broker data directory per database: a topic must never mix two event stores' histories
            broker = LocalKafkaBroker.start(data.resolve("kafka-" + database.databaseName()),
                    Integer.parseInt(env("SHIPORSKIP_KAFKA_PORT", "9092")),
                    Integer.parseInt(env("SHIPORSKIP_KAFKA_CONTROLLER_PORT", "9093")));
            toClose.add(0, broker);
            bootstrap = broker.bootstrapServers();
            broker.createTopics(Map.of(Topics.EVENTS, EVENT_TOPIC_PARTITIONS), Duration.ofSeconds(60));
        }

        String secret = DevTokens.secretFromEnvironment();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, Integer.parseInt(env(s.portVariable(), String.valueOf(s.defaultPort()))));
        }
        ServiceFleet fleet = new ServiceFleet(root,
                new StackEndpoints(database, bootstrap, Topics.EVENTS, secret), ports, data.resolve("logs"));
        toClose.add(0, fleet);
        fleet.startAll(Duration.ofMinutes(3));
        String seeded = new SeedLoader(fleet.baseUrl(Service.COMMAND), fleet.baseUrl(Service.QUERY), secret)
                .loadSeedPage();

        String editor = DevTokens.mint(secret, "dev-editor", List.of("editor"), null, Duration.ofHours(12));
        String voter = DevTokens.mint(secret, "dev-voter", List.of("voter"), null, Duration.ofHours(12));
        System.out.printf("""

                Ship or Skip is ready (%d s).
                  command-service  %s   (OpenAPI: /swagger-ui.html)
                  query-service    %s
                  projector        %s
                  Kafka            %s   topic %s
                  PostgreSQL       %s%s
                  logs             %s

                Web app:
                  %s/compare/%s   (the seed page; votes need a token: paste one, or use Dev sign-in)
                  %s/console      (moderators and analysts)

                Seed page:
                  curl -s %s/api/v1/comparisons/%s

                Try it:
                  curl -s -X POST %s/api/v1/tools -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                    -d '{"id":"my-tool","name":"My Tool","tagline":"Does things","description":"A tool.","category":"Developer Tools","pricing":{"model":"FREE","entry":"Free","details":"Free forever"},"bestFor":"Trying things"}'
                  curl -s -X PUT %s/api/v1/tools/my-tool/vote -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{"choice":"SHIP"}'
                  curl -s %s/api/v1/tools/my-tool

                More tokens: ./shiporskip token --sub alice --roles voter
                Ctrl-C stops everything.
                """,
                Duration.between(started, Instant.now()).toSeconds(),
                fleet.baseUrl(Service.COMMAND), fleet.baseUrl(Service.QUERY), fleet.baseUrl(Service.PROJECTOR),
                bootstrap, Topics.EVENTS, database.jdbcUrl(), postgres.isEmbedded() ? " (embedded)" : "",
                data.resolve("logs"),
                fleet.baseUrl(Service.QUERY), seeded, fleet.baseUrl(Service.QUERY),
                fleet.baseUrl(Service.QUERY), seeded,
                fleet.baseUrl(Service.COMMAND), editor, fleet.baseUrl(Service.COMMAND), voter,
                fleet.baseUrl(Service.QUERY));
        stopped.await();
    }

    private static void bench(List<String> args) throws Exception {
        String[] options = args.isEmpty() ? new String[0] : args.subList(1, args.size()).toArray(String[]::new);
        switch (args.isEmpty() ? "" : args.get(0)) {
            case "history" -> io.shiporskip.infra.bench.HistoryReadBenchmark.main(options);
            case "rebuild" -> io.shiporskip.infra.bench.RebuildBenchmark.main(options);
            default -> io.shiporskip.infra.bench.PerformanceBenchmark.main(args.toArray(String[]::new));
        }
    }

    private static void seed() {
        String commandUrl = env("SHIPORSKIP_COMMAND_URL", "http://127.0.0.1:" + env(Service.COMMAND.portVariable(),
                String.valueOf(Service.COMMAND.defaultPort())));
        String queryUrl = env("SHIPORSKIP_QUERY_URL", "http://127.0.0.1:" + env(Service.QUERY.portVariable(),
                String.valueOf(Service.QUERY.defaultPort())));
        String id = new SeedLoader(commandUrl, queryUrl, DevTokens.secretFromEnvironment()).loadSeedPage();
        System.out.println("Seeded: " + queryUrl + "/api/v1/comparisons/" + id);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
