package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.e2e.BallotAudit.Findings;
import io.shiporskip.e2e.BallotAudit.Tally;
import io.shiporskip.e2e.RaceLedger.Action;
import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceProcess;
import io.shiporskip.infra.stack.StackEndpoints;
import io.shiporskip.infra.testing.FreePorts;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.shiporskip.e2e.RunningStack.token;
import static io.shiporskip.e2e.RunningStack.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Races across two command-service instances on one event store: votes, suspensions and locks of the same voters and
 * tools arriving through both at once (issue 13). Every request is timed and judged against the contract; afterwards
 * the event store is read with SQL and folded here, independently of the product's code, and set beside what was
 * acknowledged and beside the tool cards.
 *
 * <p>The first instance runs Axon's plain command bus, the second group commit of votes (one voter's and one tool's
 * votes then race between the two paths); {@code -Drace.group-commit=both} or {@code none} runs both alike.
 * Durations are system properties: {@code race.one-voter.seconds} (default 20), {@code race.seconds} (the
 * acceptance load, default 15; 60 for the full acceptance run) and {@code race.bound.seconds} (the longest any one
 * request may take, default 10). The stack's rate limits are the generous ones of every test stack, so no 429 masks
 * a result.
 */
class RacesIT {

    /** How long the client waits for an answer: well past the bound, so a hang shows as its real length. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration BOUND = Duration.ofSeconds(Long.getLong("race.bound.seconds", 10));
    private static final String MODERATOR = token("mia", "moderator");

    private record Instance(String name, Http http) {
    }

    private static RunningStack stack;
    private static Instance first;
    private static Instance second;

    @BeforeAll
    static void start() throws Exception {
        String groupCommit = System.getProperty("race.group-commit", "second");
        stack = new RunningStack("races", TestPostgres.freshDatabase(), TestKafka.bootstrapServers(),
                TestKafka.freshTopic(), groupCommit.equals("both") ? RunningStack.WITH_GROUP_COMMIT
                : StackEndpoints.GENEROUS_RATE_LIMITS);
        ServiceProcess other = stack.fleet.startAnother(Service.COMMAND, "command-service-2", FreePorts.next(),
                groupCommit.equals("none") ? Map.of() : RunningStack.WITH_GROUP_COMMIT);
        other.awaitReady(Duration.ofMinutes(2));
        first = new Instance("command-service", new Http(stack.fleet.baseUrl(Service.COMMAND), CLIENT_TIMEOUT));
        second = new Instance("command-service-2", new Http(other.baseUrl(), CLIENT_TIMEOUT));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The report of issue 13: six threads vote, change and take back one voter's vote on one tool through both
     * instances, while a moderator suspends and reinstates the voter and locks and unlocks the tool through the
     * second.
     */
    @Test
    void one_voter_hammered_through_both_instances_while_suspended_and_locked_through_the_second() throws Exception {
        String tool = "race-solo-tool";
        String voter = "race-solo";
        list(tool);
        RaceLedger ledger = new RaceLedger(BOUND);
        long until = deadline("race.one-voter.seconds", 20);
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Instance via = t % 2 == 0 ? first : second;
            work.add(() -> {
                while (System.nanoTime() < until) {
                    int pick = ThreadLocalRandom.current().nextInt(3);
                    if (pick == 2) {
                        retract(ledger, via, tool, voter);
                    } else {
                        vote(ledger, via, tool, voter, pick == 0 ? "SHIP" : "SKIP");
                    }
                }
                return null;
            });
        }
        work.add(() -> {
            while (System.nanoTime() < until) {
                moderate(ledger, second, Action.SUSPEND, null, voter);
                thinkTime(50, 400);
                moderate(ledger, second, Action.REINSTATE, null, voter);
                thinkTime(50, 400);
            }
            return null;
        });
        work.add(() -> {
            while (System.nanoTime() < until) {
                moderate(ledger, second, Action.LOCK, tool, null);
                thinkTime(50, 400);
                moderate(ledger, second, Action.UNLOCK, tool, null);
                thinkTime(50, 400);
            }
            return null;
        });
        runAll(work);

        Findings findings = readStore().audit(ledger.answers(), Set.of(tool), v -> false);
        report("one voter, two instances", ledger, findings);
        assertAllAnswersAndStoredEventsAgree(ledger, findings);
        assertThat(ledger.count(Set.of(202))).as("suspensions acknowledged").isPositive();
        assertThat(findings.voided()).as("acknowledged votes voided by a suspension (the race was run)").isPositive();
        awaitCardsShow(findings.acknowledged());
    }

    /**
     * The acceptance load: sixteen writers over hundreds of new voters and four tools through both instances, with
     * suspensions (aimed at voters mid-vote), reinstatements, locks and unlocks mixed in through both. 503s are
     * allowed only when rare.
     */
    @Test
    void sixteen_writers_over_hundreds_of_voters_with_moderation_on_two_instances() throws Exception {
        List<String> tools = List.of("race-load-a", "race-load-b", "race-load-c", "race-load-d");
        for (String tool : tools) {
            list(tool);
        }
        // writers 0-7 each drive 25 voters of their own, one request at a time, through either instance at random;
        // writers 8-15 share 50 voters, half of them through each instance: the same ballots raced across instances
        int writers = 16;
        int votersPerPool = 25;
        int sharedVoters = 50;
        List<String> voters = new ArrayList<>();
        Set<String> soloVoters = new HashSet<>();
        // the voter each writer has a request in flight for, and through which instance: moderators suspend active
        // voters mid-vote, through the same instance (where a vote holds the ballot's in-JVM lock)
        AtomicReferenceArray<Instance> inFlightVia = new AtomicReferenceArray<>(writers);
        AtomicReferenceArray<String> inFlight = new AtomicReferenceArray<>(writers);
        List<Callable<Void>> work = new ArrayList<>();
        RaceLedger ledger = new RaceLedger(BOUND);
        long until = deadline("race.seconds", 15);
        for (int w = 0; w < writers; w++) {
            boolean solo = w < writers / 2;
            List<String> own = new ArrayList<>();
            for (int i = 0; i < (solo ? votersPerPool : sharedVoters); i++) {
                own.add(solo ? "race-load-" + w + "-" + i : "race-load-shared-" + i);
            }
            if (solo || w == writers / 2) {
                voters.addAll(own);
            }
            if (solo) {
                soloVoters.addAll(own);
            }
            Instance pinned = solo ? null : (w % 2 == 0 ? first : second);
            int writer = w;
            work.add(() -> {
                Set<String> believedCurrent = new HashSet<>();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < until) {
                    String voter = own.get(random.nextInt(own.size()));
                    String tool = tools.get(random.nextInt(tools.size()));
                    Instance via = pinned != null ? pinned : random.nextBoolean() ? first : second;
                    String ballot = BallotAudit.ballot(tool, voter);
                    inFlightVia.set(writer, via);
                    inFlight.set(writer, voter);
                    if (believedCurrent.contains(ballot) && random.nextInt(4) == 0) {
                        retract(ledger, via, tool, voter);
                        believedCurrent.remove(ballot);
                    } else if (vote(ledger, via, tool, voter, random.nextBoolean() ? "SHIP" : "SKIP") == 200) {
                        believedCurrent.add(ballot);
                    }
                }
                return null;
            });
        }
        for (Instance via : List.of(first, second)) {
            work.add(() -> {
                Set<String> suspended = new LinkedHashSet<>();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < until) {
                    if (!suspended.isEmpty() && random.nextBoolean()) {
                        String voter = suspended.iterator().next();
                        moderate(ledger, via, Action.REINSTATE, null, voter);
                        suspended.remove(voter);
                    } else {
                        int writer = random.nextInt(writers);
                        String active = inFlightVia.get(writer) == via ? inFlight.get(writer) : null;
                        String voter = active != null && random.nextInt(4) > 0 ? active
                                : voters.get(random.nextInt(voters.size()));
                        moderate(ledger, via, Action.SUSPEND, null, voter);
                        suspended.add(voter);
                    }
                    thinkTime(1, 50);
                }
                return null;
            });
        }
        work.add(() -> {
            // each tool locked for short spells, so most votes meet an open tool
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < until) {
                String tool = tools.get(random.nextInt(tools.size()));
                moderate(ledger, random.nextBoolean() ? first : second, Action.LOCK, tool, null);
                thinkTime(50, 300);
                moderate(ledger, random.nextBoolean() ? first : second, Action.UNLOCK, tool, null);
                thinkTime(100, 600);
            }
            return null;
        });
        runAll(work);

        Findings findings = readStore().audit(ledger.answers(), new HashSet<>(tools), soloVoters::contains);
        report("16 writers, " + voters.size() + " voters, " + tools.size() + " tools, two instances", ledger,
                findings);
        assertAllAnswersAndStoredEventsAgree(ledger, findings);
        long requests = ledger.answers().size();
        assertThat(ledger.count(Set.of(503))).as("503s (retries ran out) must be rare: at most 1% of " + requests)
                .isLessThanOrEqualTo(requests / 100);
        assertThat(findings.stillCounted() + findings.voided() + findings.superseded())
                .as("acknowledged vote changes").isGreaterThan(50);
        awaitCardsShow(findings.acknowledged());
    }

    private static void list(String tool) {
        Http.Reply reply = first.http().post("/api/v1/tools", token("ed", "editor"), tool(tool, "Race " + tool));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static int vote(RaceLedger ledger, Instance via, String tool, String voter, String choice) {
        return ledger.send(Action.VOTE, via.name(), tool, voter, choice, () -> via.http()
                .put("/api/v1/tools/" + tool + "/vote", token(voter, "voter"), Map.of("choice", choice))).status();
    }

    private static void retract(RaceLedger ledger, Instance via, String tool, String voter) {
        ledger.send(Action.RETRACT, via.name(), tool, voter, null,
                () -> via.http().delete("/api/v1/tools/" + tool + "/vote", token(voter, "voter")));
    }

    private static void moderate(RaceLedger ledger, Instance via, Action action, String tool, String voter) {
        String path = tool != null
                ? "/api/v1/moderation/tools/" + tool + "/" + action.name().toLowerCase()
                : "/api/v1/moderation/voters/" + voter + "/" + action.name().toLowerCase();
        ledger.send(action, via.name(), tool, voter, null,
                () -> via.http().post(path, MODERATOR, Map.of("reason", "race test " + action)));
    }

    /** A moderator's pause between actions: paces the load, synchronises nothing. */
    private static void thinkTime(int minMillis, int maxMillis) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
    }

    private static long deadline(String property, long defaultSeconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong(property, defaultSeconds));
    }

    /** Runs the workers to their deadline; each request is bounded by the client's timeout, so this ends. */
    private static void runAll(List<Callable<Void>> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<Void>> done = threads.invokeAll(work);
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The store as it is now; the PostgreSQL server is shared, so a moment without a free connection is waited out. */
    private static BallotAudit readStore() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> BallotAudit.read(stack.database), audit -> true);
    }

    private static void report(String name, RaceLedger ledger, Findings findings) {
        System.out.println("RacesIT[" + name + "] " + ledger.summary("requests"));
        System.out.println("RacesIT[" + name + "] acknowledged vote changes: still counted=" + findings.stillCounted()
                + " voided=" + findings.voided() + " superseded=" + findings.superseded()
                + "; tallies acknowledged=" + findings.acknowledged() + " stored=" + findings.stored());
        ledger.violations().stream().limit(60).forEach(v -> System.out.println("RacesIT[" + name + "] answer: " + v));
        findings.violations().stream().limit(60).forEach(v -> System.out.println("RacesIT[" + name + "] store: " + v));
    }

    private static void assertAllAnswersAndStoredEventsAgree(RaceLedger ledger, Findings findings) {
        assertThat(ledger.violations()).as("answers outside the contract or the time bound (" + ledger.byStatus()
                + ")").isEmpty();
        assertThat(findings.violations()).as("the event store against the answers").isEmpty();
        assertThat(findings.acknowledged()).as("tallies from the acknowledged answers vs from the stored events")
                .isEqualTo(findings.stored());
    }

    private static void awaitCardsShow(Map<String, Tally> truth) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Map.Entry<String, Tally> tool : truth.entrySet()) {
                JsonNode community = stack.queries().get("/api/v1/tools/" + tool.getKey(), null).json()
                        .path("community");
                assertThat(new Tally(community.path("ship").asLong(-1), community.path("skip").asLong(-1)))
                        .as("the card of " + tool.getKey()).isEqualTo(tool.getValue());
            }
        });
    }
}
