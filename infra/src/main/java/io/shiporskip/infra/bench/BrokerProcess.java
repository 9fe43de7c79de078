package io.shiporskip.infra.bench;

import io.shiporskip.infra.kafka.LocalKafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' Kafka broker in a JVM of its own, so that its CPU is reported apart from the load generator's
 * (issue 15: "the load generator's and the broker's CPU are reported apart"). The child starts
 * {@link LocalKafkaBroker}, creates the topic, waits for its leaders, writes its bootstrap address into a file and
 * runs until its standard input closes, which also happens when the benchmark's JVM dies.
 */
final class BrokerProcess implements AutoCloseable {

    private static final String READY_FILE = "bootstrap-servers";

    private final Process process;
    private final String bootstrapServers;

    private BrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with {@code topic} of {@code partitions}; its log goes to {@code log}. */
    static BrokerProcess start(Path dataDir, int port, int controllerPort, String topic, int partitions, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-XX:+UseSerialGC"));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                dataDir.toString(), String.valueOf(port), String.valueOf(controllerPort), topic,
                String.valueOf(partitions)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Path ready = dataDir.resolve(READY_FILE);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.exists(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the benchmark's broker did not start; its log: " + log);
            }
            Thread.sleep(100);
        }
        return new BrokerProcess(process, Files.readString(ready).trim());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The child: {@code dataDir port controllerPort topic partitions}. */
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir.resolve("kafka"), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]))) {
            broker.createTopics(Map.of(args[3], Integer.parseInt(args[4])), Duration.ofSeconds(60));
            Path partial = dataDir.resolve(READY_FILE + ".partial");
            Files.writeString(partial, broker.bootstrapServers());
            Files.move(partial, dataDir.resolve(READY_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            // runs until the benchmark closes our standard input (or dies, which closes it too)
            while (System.in.read() >= 0) {
                // nothing is sent on it
            }
        }
    }
}
