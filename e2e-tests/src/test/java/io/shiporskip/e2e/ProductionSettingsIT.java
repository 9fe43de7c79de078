package io.shiporskip.e2e;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.TestIdentityProvider;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import io.shiporskip.infra.tokens.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The services configured as in production: no {@code local} profile, tokens verified against an identity provider's
 * JWKS (RS256, issuer checked), and each service logged in to PostgreSQL as its own least-privileged role, made by
 * {@code deploy/postgres/roles.sql} through psql exactly as docs/operations.md says. Also: a service given neither a
 * secret nor a JWKS URI refuses to start.
 */
class ProductionSettingsIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath()
            .normalize();
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final String COMMAND_ROLE = "ss_command_" + RUN;
    private static final String PROJECTOR_ROLE = "ss_projector_" + RUN;
    private static final String QUERY_ROLE = "ss_query_" + RUN;
    private static final String QUERY_APPLICATION_NAME = "query-least-privilege-" + RUN;
    /** PostgreSQL's insufficient_privilege. */
    private static final String REFUSED = "42501";

    private static PostgresEndpoint database;
    private static TestIdentityProvider idp;
    private static RunningStack stack;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(psqlOnPath()).as("psql runs deploy/postgres/roles.sql as the docs say; not on PATH here").isTrue();
        database = TestPostgres.freshDatabase();
        // twice: the script is idempotent
        runRolesScript();
        runRolesScript();
        idp = TestIdentityProvider.start("https://idp.example.org/shiporskip");
        Map<String, String> production = new HashMap<>(StackEndpoints.GENEROUS_RATE_LIMITS);
        production.put("SPRING_PROFILES_ACTIVE", "");
        production.put("SHIPORSKIP_JWK_SET_URI", idp.jwkSetUri());
        production.put("SHIPORSKIP_JWT_ISSUER", idp.issuer());
        stack = new RunningStack("production-settings", database, TestKafka.bootstrapServers(), TestKafka.freshTopic(),
                production, endpoints -> new StackEndpoints(endpoints.database(), endpoints.kafkaBootstrapServers(),
                        endpoints.topic(), null, withoutSecret(endpoints.settings()), Map.of())
                        .withFor(Service.COMMAND, login(COMMAND_ROLE, database.jdbcUrl()))
                        .withFor(Service.PROJECTOR, login(PROJECTOR_ROLE, database.jdbcUrl()))
                        // URL parameters reach the driver unchanged (sslmode, sslrootcert, ApplicationName, ...)
                        .withFor(Service.QUERY, login(QUERY_ROLE, database.jdbcUrl()
                                + "?sslmode=prefer&ApplicationName=" + QUERY_APPLICATION_NAME)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (idp != null) {
            idp.close();
        }
        if (database != null) {
            try (Connection c = database.connect(); Statement s = c.createStatement()) {
                // one at a time: PostgreSQL 15 fails to drop a default ACL that names two roles dropped together
                for (String role : List.of(QUERY_ROLE, PROJECTOR_ROLE, COMMAND_ROLE)) {
                    s.execute("DROP OWNED BY " + role);
                }
                s.execute("DROP ROLE " + COMMAND_ROLE + ", " + PROJECTOR_ROLE + ", " + QUERY_ROLE);
            }
        }
    }

    @Test
    void tokens_of_the_identity_provider_work_end_to_end_with_each_service_on_its_own_role() {
        Http commands = stack.commands();
        assertThat(commands.post("/api/v1/tools", idp.token("ed", "editor"), tool("prod-tool", "Prod Tool")).status())
                .isEqualTo(201);
        Http.Reply vote = commands.put("/api/v1/tools/prod-tool/vote", idp.token("alice", "voter"),
                Map.of("choice", "SHIP"));
        assertThat(vote.status()).as(vote.body()).isEqualTo(200);

        String waitFor = vote.header("Consistency-Token").orElseThrow();
        Http.Reply card = stack.queries().get("/api/v1/tools/prod-tool?waitFor=" + waitFor, null);

        assertThat(card.status()).as(card.body()).isEqualTo(200);
        assertThat(card.json().get("community").toString())
                .isEqualTo("{\"ship\":1,\"skip\":0,\"total\":1,\"shipPercent\":100}");
        // with the token: history serves a row only once no older transaction can still commit before it
        Http.Reply history = stack.queries().get("/api/v1/tools/prod-tool/history?waitFor=" + waitFor,
                idp.token("mo", "moderator"));
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(history.json().get("events")).extracting(e -> e.get("type").asText())
                .containsExactly("ToolListed", "VoteCast");
    }

    @Test
    void tokens_signed_with_another_key_naming_another_issuer_or_made_with_the_public_secret_are_refused() {
        List<String> refused = List.of(idp.forgedToken("mallory", "voter", "editor", "moderator"),
                idp.tokenOfIssuer("https://evil.example.org/", "mallory", "voter", "editor", "moderator"),
                DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, "mallory", List.of("voter", "editor", "moderator"), null,
                        Duration.ofHours(1)));
        long storedBefore = stack.storedEvents();
        for (String token : refused) {
            assertThat(stack.commands().post("/api/v1/tools", token, tool("forged-tool", "Forged")).status())
                    .isEqualTo(401);
            assertThat(stack.queries().get("/api/v1/tools/prod-tool/history", token).status()).isEqualTo(401);
            assertThat(new Http(stack.fleet.baseUrl(Service.PROJECTOR)).get("/api/v1/admin/projections", token)
                    .status()).isEqualTo(401);
        }
        assertThat(stack.storedEvents()).isEqualTo(storedBefore);
        // nor can a token be had from the web app: its development sign-in exists in the local profile only
        assertThat(stack.queries().post("/ui/dev-token", null, Map.of("sub", "mallory", "roles", List.of("admin")))
                .status()).isEqualTo(404);
        assertThat(stack.queries().get("/ui/config", null).json().get("devSignIn").asBoolean()).isFalse();
    }

    @Test
    void the_query_services_role_reads_the_read_models_and_may_change_nothing() throws Exception {
        try (Connection query = as(QUERY_ROLE); Statement s = query.createStatement()) {
            s.executeQuery("SELECT count(*) FROM read_model.tool_card").close();
            s.executeQuery("SELECT version FROM read_model.serving_version").close();
            for (String write : List.of("INSERT INTO read_model.tool_card (tool_id) VALUES ('written-by-query')",
                    "UPDATE read_model.serving_version SET version = version + 1",
                    "DELETE FROM read_model.voter_vote",
                    "CREATE TABLE read_model.intruder (id int)",
                    "CREATE SCHEMA intruder",
                    "SELECT count(*) FROM event_store.domain_event_entry")) {
                assertThatThrownBy(() -> s.execute(write), write).isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(REFUSED);
            }
        }
        // the query service's own pool connected with its role, through the URL's parameters
        assertThat(stack.count("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + QUERY_ROLE
                + "' AND application_name = '" + QUERY_APPLICATION_NAME + "'")).isPositive();
    }

    @Test
    void the_command_service_and_the_projector_reach_only_what_they_use() throws Exception {
        try (Connection command = as(COMMAND_ROLE); Statement s = command.createStatement()) {
            s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry").close();
            assertThatThrownBy(() -> s.execute("SELECT count(*) FROM read_model.tool_card"))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(REFUSED);
        }
        try (Connection projector = as(PROJECTOR_ROLE); Statement s = projector.createStatement()) {
            s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry").close();
            for (String write : List.of("DELETE FROM event_store.domain_event_entry",
                    "UPDATE event_store.token_entry SET owner = 'projector'",
                    "CREATE TABLE event_store.intruder (id int)")) {
                assertThatThrownBy(() -> s.execute(write), write)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(REFUSED);
            }
        }
    }

    /** A rebuild creates a generation schema and re-creates the views as the projector's role: reads go on after it. */
    @Test
    void a_rebuild_runs_with_the_projectors_role_and_the_query_service_reads_the_new_generation() {
        assertThat(stack.commands().post("/api/v1/tools", idp.token("ed", "editor"), tool("rebuilt-tool", "Rebuilt"))
                .status()).isEqualTo(201);
        String admin = idp.token("ops", "admin");
        Http projector = new Http(stack.fleet.baseUrl(Service.PROJECTOR));
        Http.Reply started = projector.post("/api/v1/admin/rebuilds", admin, Map.of("source", "EVENT_STORE"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("rebuildId").asText();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Http.Reply rebuild = projector.get("/api/v1/admin/rebuilds/" + id, admin);
            assertThat(rebuild.json().get("state").asText()).as(rebuild.body()).isEqualTo("SWITCHED");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Reply history = stack.queries().get("/api/v1/tools/rebuilt-tool/history", idp.token("mo", "moderator"));
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            assertThat(history.json().get("events")).extracting(e -> e.get("type").asText()).containsExactly("ToolListed");
        });
    }

    @Test
    void each_service_without_a_secret_outside_the_local_profile_exits_at_once_naming_the_variable() throws Exception {
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (Service service : Service.values()) {
            Path log = REPOSITORY.resolve("e2e-tests/target/service-logs/no-secret/" + service.module() + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", service.jarIn(REPOSITORY).toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // whatever the test JVM's environment holds: no profile, no secret, no JWKS URI
            builder.environment().putAll(Map.of("SPRING_PROFILES_ACTIVE", "", "SHIPORSKIP_JWT_SECRET", "",
                    "SHIPORSKIP_JWK_SET_URI", "", service.portVariable(), "0"));
            started.add(builder.start());
            logs.add(log);
        }
        for (int i = 0; i < started.size(); i++) {
            Process process = started.get(i);
            // "at once": before any connection or migration; the bound only absorbs a machine busy with other builds
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(logs.get(i).toString()).isTrue();
            String output = Files.readString(logs.get(i), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("SHIPORSKIP_JWT_SECRET is not set (nor SHIPORSKIP_JWK_SET_URI)")
                    .doesNotContain("HikariPool").doesNotContain("Flyway").doesNotContain("Tomcat initialized");
        }
    }

    private static Connection as(String role) throws SQLException {
        return RunningStack.connect(new PostgresEndpoint(database.jdbcUrl(), role, "pw-" + role));
    }

    private static Map<String, String> login(String role, String url) {
        return Map.of("POSTGRES_URL", url, "POSTGRES_USER", role, "POSTGRES_PASSWORD", "pw-" + role);
    }

    private static Map<String, String> withoutSecret(Map<String, String> settings) {
        Map<String, String> own = new HashMap<>(settings);
        own.put("SHIPORSKIP_JWT_SECRET", "");
        return own;
    }

    private static void runRolesScript() throws IOException, InterruptedException {
        URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", server.getHost(), "-p", String.valueOf(server.getPort()), "-U", database.user(),
                "-d", database.databaseName(),
                "-v", "command_role=" + COMMAND_ROLE, "-v", "command_password=pw-" + COMMAND_ROLE,
                "-v", "projector_role=" + PROJECTOR_ROLE, "-v", "projector_password=pw-" + PROJECTOR_ROLE,
                "-v", "query_role=" + QUERY_ROLE, "-v", "query_password=pw-" + QUERY_ROLE,
                "-f", REPOSITORY.resolve("deploy/postgres/roles.sql").toString()).redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", database.password());
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static boolean psqlOnPath() {
        try {
            return new ProcessBuilder("psql", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
