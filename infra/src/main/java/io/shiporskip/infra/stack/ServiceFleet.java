package io.shiporskip.infra.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The three services started side by side as child processes; used by {@code ./shiporskip up} and end-to-end tests. */
public final class ServiceFleet implements AutoCloseable {

    /** Keeps each service within the heap the product promises, and starts fast on small machines. */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** For measurements: the same heap, but the optimising compiler too (C1 alone starts faster, runs slower). */
    public static final List<String> BENCHMARK_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final Path repositoryRoot;
    private final StackEndpoints endpoints;
    private final Path logDir;
    private final Map<Service, Integer> ports;
    private final Map<Service, ServiceProcess> running = new EnumMap<>(Service.class);
    private final List<ServiceProcess> others = new ArrayList<>();
    private final List<String> jvmOptions;

    public ServiceFleet(Path repositoryRoot, StackEndpoints endpoints, Map<Service, Integer> ports, Path logDir) {
        this(repositoryRoot, endpoints, ports, logDir, JVM_OPTIONS);
    }

    public ServiceFleet(Path repositoryRoot, StackEndpoints endpoints, Map<Service, Integer> ports, Path logDir,
                        List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.repositoryRoot = repositoryRoot;
        this.endpoints = endpoints;
        this.ports = new EnumMap<>(ports);
        this.logDir = logDir;
    }

    /** Starts every service at once, then waits for each to be ready. */
    public void startAll(Duration readyTimeout) throws IOException, InterruptedException {
        for (Service service : Service.values()) {
            start(service);
        }
        for (Service service : Service.values()) {
            running.get(service).awaitReady(readyTimeout);
        }
    }

    /** Starts one service (again, after a kill); returns without waiting for readiness. */
    public ServiceProcess start(Service service) throws IOException {
        int port = ports.get(service);
        ServiceProcess process = ServiceProcess.start(service.module(), service.jarIn(repositoryRoot), port,
                environmentFor(service, port), jvmOptions, logDir.resolve(service.module() + ".log"));
        running.put(service, process);
        return process;
    }

    /**
     * One more instance of a service beside the fleet's (scale-out), on a free port of the caller's choosing, with the
     * same endpoints and settings; stopped with the fleet.
     */
    public ServiceProcess startAnother(Service service, String name, int port) throws IOException {
        return startAnother(service, name, port, Map.of());
    }

    /** As {@link #startAnother(Service, String, int)}, with these settings (environment variables) on top. */
    public ServiceProcess startAnother(Service service, String name, int port, Map<String, String> settings)
            throws IOException {
        Map<String, String> env = environmentFor(service, port);
        env.putAll(settings);
        ServiceProcess process = ServiceProcess.start(name, service.jarIn(repositoryRoot), port,
                env, jvmOptions, logDir.resolve(name + ".log"));
        others.add(process);
        return process;
    }

    /**
     * The endpoints' environment plus the web app's: where the browser finds the command service and the projector
     * (the query service serves the app), and the one origin those two accept cross-origin requests from. A variable
     * already set (in the settings or the caller's own environment) is left alone.
     */
    private Map<String, String> environmentFor(Service service, int port) {
        Map<String, String> env = new java.util.HashMap<>(endpoints.environmentFor(service, port));
        Map<String, String> web = Map.of(
                "SHIPORSKIP_UI_COMMAND_URL", baseUrl(Service.COMMAND),
                "SHIPORSKIP_UI_PROJECTOR_URL", baseUrl(Service.PROJECTOR),
                "SHIPORSKIP_UI_ORIGIN", "http://localhost:" + ports.get(Service.QUERY) + ",http://127.0.0.1:"
                        + ports.get(Service.QUERY));
        web.forEach((name, value) -> {
            if (System.getenv(name) == null) {
                env.putIfAbsent(name, value);
            }
        });
        return env;
    }

    public ServiceProcess get(Service service) {
        ServiceProcess process = running.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " was not started");
        }
        return process;
    }

    public String baseUrl(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    @Override
    public void close() throws InterruptedException {
        List<ServiceProcess> all = new ArrayList<>(running.values());
        all.addAll(others);
        for (ServiceProcess p : all) {
            if (p.isAlive()) {
                p.stop(Duration.ofSeconds(20));
            }
        }
        running.clear();
        others.clear();
    }
}
