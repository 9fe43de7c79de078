package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.testing.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command, as a developer runs it: {@code ./shiporskip up} in the foreground until it says it is
 * ready, a vote with a token from {@code ./shiporskip token}, then SIGTERM, after which no child process and no port
 * of the stack is left. Its own ports, database and state directory keep it apart from a developer's stack.
 */
class ShiporskipUpIT {

    private static final Duration READY = Duration.ofMinutes(4);
    private static final Duration STOPPED = Duration.ofSeconds(90);

    @Test
    void up_serves_a_vote_and_sigterm_leaves_no_process_and_no_port() throws Exception {
        Path repository = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("shiporskip-up-it-");
        String database = "shiporskip_up_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Integer> ports = null;
        Process up = null;
        Map<String, String> env = null;
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = null;
        // a free port may be taken before the stack binds it: a start that fails on a port in use gets new ports
        for (int attempt = 1; up == null; attempt++) {
            ports = Map.of("COMMAND_PORT", FreePorts.next(), "QUERY_PORT", FreePorts.next(),
                    "PROJECTOR_PORT", FreePorts.next(), "SHIPORSKIP_KAFKA_PORT", FreePorts.next(),
                    "SHIPORSKIP_KAFKA_CONTROLLER_PORT", FreePorts.next());
            ProcessBuilder builder = new ProcessBuilder(repository.resolve("shiporskip").toString(), "up")
                    .directory(repository.toFile()).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            env = environment;
            environment.remove("KAFKA_BOOTSTRAP_SERVERS");
            environment.remove("SHIPORSKIP_JWT_SECRET");
            environment.put("SHIPORSKIP_NO_BUILD", "1");
            environment.put("SHIPORSKIP_STATE_DIR", state.toString());
            environment.put("POSTGRES_URL", "jdbc:postgresql://localhost:5432/" + database);
            ports.forEach((name, port) -> environment.put(name, String.valueOf(port)));
            output.clear();
            Process started = builder.start();
            reader = new Thread(() -> readLines(started, output), "shiporskip-up-output");
            reader.start();
            await().atMost(READY).pollInterval(Duration.ofMillis(500)).until(() -> !started.isAlive()
                    || output.stream().anyMatch(line -> line.contains("Ship or Skip is ready")));
            if (started.isAlive()) {
                up = started;
            } else {
                reader.join(10_000);
                String printed = String.join("\n", output);
                boolean portTaken = printed.contains("already in use") || printed.contains("Address already in use");
                assertThat(portTaken && attempt < 3).as("./shiporskip up exited with " + started.exitValue()
                        + ":\n" + printed).isTrue();
            }
        }
        List<ProcessHandle> children = new ArrayList<>();
        try {
            String printed = String.join("\n", output);
            String commandUrl = printed(printed, "command-service");
            String queryUrl = printed(printed, "query-service");
            String projectorUrl = printed(printed, "projector");
            assertThat(commandUrl).isEqualTo("http://127.0.0.1:" + ports.get("COMMAND_PORT"));
            assertThat(queryUrl).isEqualTo("http://127.0.0.1:" + ports.get("QUERY_PORT"));
            assertThat(projectorUrl).isEqualTo("http://127.0.0.1:" + ports.get("PROJECTOR_PORT"));
            for (String url : List.of(commandUrl, queryUrl, projectorUrl)) {
                assertThat(new Http(url).get("/actuator/health/readiness", null).status()).as(url).isEqualTo(200);
            }
            assertThat(printed).contains(":" + ports.get("SHIPORSKIP_KAFKA_PORT"), database);
            children.addAll(up.descendants().toList());
            assertThat(children).as("the three services run as children").hasSizeGreaterThanOrEqualTo(3);

            // the seed page is served, and a vote on one of its tools shows on the card
            Matcher seed = Pattern.compile("/api/v1/comparisons/([a-z0-9-]+)").matcher(printed);
            assertThat(seed.find()).as(printed).isTrue();
            Http queries = new Http(queryUrl);
            JsonNode page = queries.get("/api/v1/comparisons/" + seed.group(1), null).json();
            String toolId = page.get("tools").get(0).get("id").asText();
            long ship = page.get("tools").get(0).get("community").get("ship").asLong();
            String voter = token(repository, env, "--sub", "up-it-voter", "--roles", "voter");
            Http.Reply vote = new Http(commandUrl).put("/api/v1/tools/" + toolId + "/vote", voter,
                    Map.of("choice", "SHIP"));
            assertThat(vote.status()).as(vote.body()).isEqualTo(200);
            JsonNode card = queries.get("/api/v1/tools/" + toolId + "?waitFor=" + vote.json().get("token").asText(),
                    null).json();
            assertThat(card.get("community").get("ship").asLong()).isEqualTo(ship + 1);
        } finally {
            if (children.isEmpty()) {
                children.addAll(up.descendants().toList());
            }
            up.destroy(); // SIGTERM, as Ctrl-C's sibling
            boolean exited = up.waitFor(STOPPED.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                children.forEach(ProcessHandle::destroyForcibly);
                up.destroyForcibly();
            }
            reader.join(10_000);
            dropDatabase(database);
            deleteRecursively(state);
            assertThat(exited).as("./shiporskip up stopped on SIGTERM within " + STOPPED).isTrue();
        }
        Map<String, Integer> stackPorts = ports;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                    .as("children still alive").isEmpty();
            for (Map.Entry<String, Integer> port : stackPorts.entrySet()) {
                assertThat(isFree(port.getValue())).as(port.getKey() + " " + port.getValue() + " released").isTrue();
            }
        });
    }

    /** The URL printed on the line naming the service. */
    private static String printed(String output, String service) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(service) + "\\s+(http://\\S+)", Pattern.MULTILINE)
                .matcher(output);
        assertThat(m.find()).as(service + " in\n" + output).isTrue();
        return m.group(1);
    }

    private static String token(Path repository, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(repository.resolve("shiporskip").toString(), "token"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile());
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process token = builder.start();
        String out = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(token.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(token.exitValue()).isZero();
        String[] lines = out.split("\n");
        return lines[lines.length - 1].trim();
    }

    private static void readLines(Process process, List<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException closed) {
            // the process is gone
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Best effort: a temporary directory left behind must not hide the test's own failure. */
    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | java.io.UncheckedIOException leftBehind) {
            System.err.println("could not delete " + dir + ": " + leftBehind);
        }
    }

    private static void dropDatabase(String name) throws Exception {
        try (Connection c = new io.shiporskip.infra.postgres.PostgresEndpoint(
                "jdbc:postgresql://localhost:5432/postgres", "postgres", "").connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
