package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceProcess;
import io.shiporskip.infra.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two command services on one event store and several projectors in one consumer group; mid-load a projector and a
 * command service are killed with SIGKILL and another projector joins (rebalances, relay segments changing hands):
 * the read models end exactly at the truth of what was acknowledged.
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
        ServiceProcess process = stack.fleet.startAnother(service, name, FreePorts.next());
        extra.add(process);
        return process;
    }

    /**
     * One random vote action; the truth follows only acknowledged outcomes. A request cut off by a killed service may
     * or may not have been stored, so it is repeated on the surviving one, where repeating is safe: the same choice
     * again is a no-op, a second retraction answers 404.
     */
    private static void vote(Http via, Http survivor, String tool, String voter, Map<String, String> truth) {
        String key = tool + "/" + voter;
        String token = token(voter, "voter");
        if (truth.containsKey(key) && ThreadLocalRandom.current().nextInt(5) == 0) {
            int status;
            try {
                status = via.delete("/api/v1/tools/" + tool + "/vote", token).status();
            } catch (RuntimeException cutOff) {
                status = survivor.delete("/api/v1/tools/" + tool + "/vote", token).status();
                assertThat(status).isIn(204, 404);
                status = 204;
            }
            assertThat(status).isEqualTo(204);
            truth.remove(key);
        } else {
            String choice = ThreadLocalRandom.current().nextBoolean() ? "SHIP" : "SKIP";
            Map<String, Object> body = Map.of("choice", choice);
            int status;
            try {
                status = via.put("/api/v1/tools/" + tool + "/vote", token, body).status();
            } catch (RuntimeException cutOff) {
                status = survivor.put("/api/v1/tools/" + tool + "/vote", token, body).status();
            }
            assertThat(status).isEqualTo(200);
            truth.put(key, choice);
        }
        ACKNOWLEDGED.incrementAndGet();
    }

    /** Votes answered so far: the test moves on when votes have flowed, not after a guessed time. */
    private static final java.util.concurrent.atomic.AtomicLong ACKNOWLEDGED = new java.util.concurrent.atomic.AtomicLong();

    private static void awaitMoreVotes(long more) {
        long target = ACKNOWLEDGED.get() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> ACKNOWLEDGED.get() >= target);
    }

    /**
     * A service started on a port another service already holds is not taken for ready because the other one answers
     * the probe: it fails to bind and exits, and the wait says so (two services of one stack were once given the same
     * port, and a test's commands went to the query service).
     */
    @Test
    void a_service_whose_port_is_held_by_another_is_never_reported_ready() throws Exception {
        int queryPort = java.net.URI.create(stack.fleet.baseUrl(Service.QUERY)).getPort();
        ServiceProcess impostor = stack.fleet.startAnother(Service.COMMAND, "command-service-on-query-port", queryPort);
        extra.add(impostor);

        assertThatThrownBy(() -> impostor.awaitReady(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited");
        assertThat(java.nio.file.Files.readString(impostor.logFile())).contains("Port " + queryPort + " was already in use");
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
        AtomicBoolean firstAlive = new AtomicBoolean(true);
        ExecutorService voters = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            work.add(voters.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    String voter = "sv-" + thread + "-" + (i % 30);
                    String tool = tools.get(i % tools.size());
                    Http via = commandServices.get(firstAlive.get() ? i % 2 : 1);
                    vote(via, commandServices.get(1), tool, voter, truth);
                }
            }));
        }
        awaitMoreVotes(200);
        // kill -9 a projector (its partitions move to projector-2) and the first command service, which started
        // first and so holds the relay's segments: the second claims them once their claim times out
        stack.fleet.get(Service.PROJECTOR).kill();
        firstAlive.set(false);
        stack.fleet.get(Service.COMMAND).kill();
        awaitMoreVotes(200); // votes keep flowing through the survivor
        ServiceProcess thirdProjector = another(Service.PROJECTOR, "projector-3"); // and some partitions move again
        thirdProjector.awaitReady(Duration.ofMinutes(2));
        awaitMoreVotes(150);
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
        RunningStack.awaitReadModelsEqualTheEventStore(thirdProjector.baseUrl());
        assertThat(truth).hasSizeGreaterThan(20);
    }
}
