package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;
import io.shiporskip.infra.stack.ServiceProcess;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.FreePorts;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.tokens.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command services on one event store and several projectors in one consumer group, with a projector killed and
 * another started mid-load (two rebalances): the read models end exactly at the truth of what was acknowledged.
 */
class ScaleOutIT {

    private static RunningStack stack;
    private static final List<ServiceProcess> extra = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("scale-out");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess p : extra) {
            if (p.isAlive()) {
                p.stop(Duration.ofSeconds(20));
            }
        }
        stack.close();
    }

    private static ServiceProcess another(Service service, String name) throws Exception {
        Path repository = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath().normalize();
        int port = FreePorts.next();
        StackEndpoints endpoints = new StackEndpoints(stack.database, TestKafka.bootstrapServers(), stack.topic,
                DevTokens.LOCAL_DEV_SECRET);
        ServiceProcess process = ServiceProcess.start(name, service.jarIn(repository), port,
                endpoints.environmentFor(service, port), ServiceFleet.JVM_OPTIONS,
                repository.resolve("e2e-tests/target/service-logs/scale-out/" + name + ".log"));
        extra.add(process);
        return process;
    }

    @Test
    void two_command_services_and_a_rebalancing_projector_group_count_every_vote_exactly_once() throws Exception {
        ServiceProcess secondCommands = another(Service.COMMAND, "command-service-2");
        ServiceProcess secondProjector = another(Service.PROJECTOR, "projector-2");
        secondCommands.awaitReady(Duration.ofMinutes(2));
        secondProjector.awaitReady(Duration.ofMinutes(2));
        List<Http> commandServices = List.of(stack.commands(), new Http(secondCommands.baseUrl()));
        List<String> tools = List.of("scale-a", "scale-b", "scale-c", "scale-d");
        for (String t : tools) {
            assertThat(commandServices.get(tools.indexOf(t) % 2).post("/api/v1/tools", token("ed", "editor"),
                    tool(t, "Scale " + t)).status()).isEqualTo(201);
        }
        Map<String, String> truth = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService voters = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            work.add(voters.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    String voter = "sv-" + thread + "-" + (i % 30);
                    String tool = tools.get(i % tools.size());
                    Http via = commandServices.get(i % 2);
                    String key = tool + "/" + voter;
                    if (truth.containsKey(key) && ThreadLocalRandom.current().nextInt(5) == 0) {
                        assertThat(via.delete("/api/v1/tools/" + tool + "/vote", token(voter, "voter")).status()).isEqualTo(204);
                        truth.remove(key);
                    } else {
                        String choice = ThreadLocalRandom.current().nextBoolean() ? "SHIP" : "SKIP";
                        assertThat(via.put("/api/v1/tools/" + tool + "/vote", token(voter, "voter"),
                                Map.of("choice", choice)).status()).isEqualTo(200);
                        truth.put(key, choice);
                    }
                }
            }));
        }
        Thread.sleep(3000);
        stack.fleet.get(Service.PROJECTOR).kill(); // its partitions move to projector-2
        Thread.sleep(3000);
        ServiceProcess thirdProjector = another(Service.PROJECTOR, "projector-3"); // and some move again
        thirdProjector.awaitReady(Duration.ofMinutes(2));
        Thread.sleep(2000);
        loading.set(false);
        for (Future<?> f : work) {
            f.get(2, TimeUnit.MINUTES);
        }
        voters.shutdown();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String t : tools) {
                long ship = truth.entrySet().stream().filter(e -> e.getKey().startsWith(t + "/") && e.getValue().equals("SHIP")).count();
                long skip = truth.entrySet().stream().filter(e -> e.getKey().startsWith(t + "/") && e.getValue().equals("SKIP")).count();
                JsonNode community = stack.queries().get("/api/v1/tools/" + t, null).json().get("community");
                assertThat(community.get("ship").asLong()).as(t).isEqualTo(ship);
                assertThat(community.get("skip").asLong()).as(t).isEqualTo(skip);
            }
        });
        assertThat(stack.count("SELECT count(*) FROM read_model.applied_event WHERE subject LIKE 'scale-%'"))
                .isEqualTo(stack.count("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier LIKE 'ballot:scale-%' OR aggregate_identifier LIKE 'scale-%'"));
        assertThat(stack.count("SELECT count(*) FROM read_model.dead_letter")).isZero();
        assertThat(truth).hasSizeGreaterThan(20);
    }
}
