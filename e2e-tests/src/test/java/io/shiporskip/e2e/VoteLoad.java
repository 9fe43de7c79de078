package io.shiporskip.e2e;

import io.shiporskip.infra.http.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.shiporskip.e2e.RunningStack.token;

/**
 * Voters casting, changing and retracting votes on a set of tools from several threads, until stopped. The ground
 * truth is kept independently of the system in a {@link VoteTruth}: only what the command service acknowledged; each
 * voter belongs to one thread, so its actions are sequential.
 */
final class VoteLoad implements AutoCloseable {

    private final VoteTruth truth;
    private final List<String> voters = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final ExecutorService threads;
    private final List<Future<?>> work = new ArrayList<>();

    /** Starts {@code threadCount} threads, each with {@code votersPerThread} voters named {@code prefix-t-i}. */
    VoteLoad(Http commands, List<String> tools, String prefix, int threadCount, int votersPerThread) {
        this(commands, tools, prefix, threadCount, votersPerThread, new VoteTruth());
    }

    /** The same, recording into a truth shared with other loads (their voters must differ: use another prefix). */
    VoteLoad(Http commands, List<String> tools, String prefix, int threadCount, int votersPerThread, VoteTruth truth) {
        this.truth = truth;
        for (int t = 0; t < threadCount; t++) {
            for (int i = 0; i < votersPerThread; i++) {
                voters.add(prefix + "-" + t + "-" + i);
            }
        }
        threads = Executors.newFixedThreadPool(threadCount);
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            work.add(threads.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String voter = prefix + "-" + thread + "-" + (i % votersPerThread);
                    String tool = tools.get(ThreadLocalRandom.current().nextInt(tools.size()));
                    act(commands, tool, voter);
                }
                return null;
            }));
        }
    }

    private void act(Http commands, String tool, String voter) {
        String token = token(voter, "voter");
        if (truth.hasVote(tool, voter) && ThreadLocalRandom.current().nextInt(4) == 0) {
            Http.Reply reply = commands.delete("/api/v1/tools/" + tool + "/vote", token);
            check(reply, 204);
            truth.retracted(tool, voter);
        } else {
            String choice = ThreadLocalRandom.current().nextBoolean() ? "SHIP" : "SKIP";
            Http.Reply reply = commands.put("/api/v1/tools/" + tool + "/vote", token, Map.of("choice", choice));
            check(reply, 200);
            truth.voted(tool, voter, choice);
        }
        acknowledged.incrementAndGet();
    }

    private static void check(Http.Reply reply, int expected) {
        if (reply.status() != expected) {
            throw new IllegalStateException("expected " + expected + " but got " + reply.status() + ": " + reply.body());
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Stops the voters and fails if any of them met an unexpected answer. */
    void stop() throws Exception {
        running.set(false);
        for (Future<?> f : work) {
            f.get(2, TimeUnit.MINUTES);
        }
        threads.shutdown();
    }

    /** The tally of one tool, from the acknowledged commands: {ship, skip}. */
    long[] tally(String tool) {
        return truth.tally(tool);
    }

    /** What this load's acknowledged commands did. */
    VoteTruth truth() {
        return truth;
    }

    /** Every voter this load may have used. */
    List<String> voters() {
        return List.copyOf(voters);
    }

    /**
     * Lets each voter finish its request in flight (never interrupted: an interrupted request may still be stored
     * without its acknowledgement reaching the truth).
     */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(2, TimeUnit.MINUTES);
    }
}
