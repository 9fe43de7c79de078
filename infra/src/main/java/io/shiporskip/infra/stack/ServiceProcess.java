package io.shiporskip.infra.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a real child JVM: started from its -exec jar, probed for readiness, stopped or killed. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment,
                                       List<String> jvmOptions, Path logFile) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no jar for " + name + " at " + jar + ": build it first (mvn -B -DskipTests install)");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // awaitReady reads this line to know the process listens on its port; kept whatever levels the caller set
        command.add("-Dlogging.level.org.springframework.boot.web.embedded.tomcat.TomcatWebServer=INFO");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(name, port, logFile, builder.start());
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the readiness probe answers 200 and this process's log says it listens on the port (a 200 from
     * another process holding the port is not this service being ready); fails early if the process dies.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        URI probe = URI.create(baseUrl() + "/actuator/health/readiness");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 && listensOnItsPort()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + logFile);
    }

    /**
     * Whether this process (its pid, as Spring Boot's log lines carry it) logged that its web server started on
     * {@link #port}. The log is appended to across restarts, so the pid tells this start's line from an earlier one.
     */
    private boolean listensOnItsPort() throws IOException {
        String ours = " " + process.pid() + " --- ";
        String started = "started on port " + port + " ";
        try (var lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains(ours) && line.contains(started));
        }
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within the grace period. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(20));
    }
}
