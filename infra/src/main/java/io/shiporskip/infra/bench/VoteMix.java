package io.shiporskip.infra.bench;

import io.shiporskip.infra.tokens.DevTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Voters over HTTP from C threads: 70 % casts (each by a new voter), 20 % changes and 10 % retractions of votes the
 * thread cast before, on random tools. Optionally paced to a total rate. Each thread keeps one keep-alive connection
 * ({@link KeepAliveHttp}) and its voters' tokens are minted before the run, so that the run measures the command
 * service rather than the load generator; a thread that runs out of minted voters mints more and says so
 * ({@link Run#tokensMintedDuringRun}).
 */
final class VoteMix {

    /** The outcome of a run: accepted requests (200/204), their latencies and the first errors. */
    record Run(Throughput accepted, long tokensMintedDuringRun, List<String> errors) {
    }

    /** One voter's vote on one tool, as the thread last left it. */
    private record Vote(int voter, String tool, String choice) {
    }

    private final String commandsUrl;
    private final List<String> tools;
    private final String prefix;
    private final List<List<String>> tokens = new ArrayList<>();
    private final AtomicLong mintedDuringRun = new AtomicLong();

    /** Mints {@code votersPerThread} voters' tokens for each of {@code threads} threads now, before any run. */
    VoteMix(String commandsUrl, List<String> tools, String prefix, int threads, int votersPerThread) {
        this.commandsUrl = commandsUrl;
        this.tools = tools;
        this.prefix = prefix;
        for (int t = 0; t < threads; t++) {
            List<String> own = new ArrayList<>(votersPerThread);
            for (int v = 0; v < votersPerThread; v++) {
                own.add(mint(t, v));
            }
            tokens.add(own);
        }
    }

    /** Runs the threads for the duration, at most {@code perSecond} actions a second in total (0: as fast as it goes). */
    Run run(Duration duration, double perSecond) throws Exception {
        int threads = tokens.size();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong slots = new AtomicLong();
        List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong accepted = new AtomicLong();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Latencies own = new Latencies();
            latencies.add(own);
            work.add(pool.submit(() -> {
                Random random = new Random(thread);
                List<Vote> votes = new ArrayList<>();
                try (KeepAliveHttp connection = new KeepAliveHttp(commandsUrl)) {
                    while (System.nanoTime() < end) {
                        if (perSecond > 0 && !waitForSlot(start + (long) (slots.getAndIncrement() * 1e9 / perSecond), end)) {
                            break;
                        }
                        byte[] request = next(thread, random, votes, connection);
                        long t0 = System.nanoTime();
                        KeepAliveHttp.Answer answer = connection.send(request);
                        own.add(System.nanoTime() - t0);
                        if (answer.ok()) {
                            accepted.incrementAndGet();
                        } else if (errors.size() < 20) {
                            errors.add(answer.status() + " " + answer.errorBody());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return new Run(Throughput.of(accepted.get(), start, latencies), mintedDuringRun.get(), List.copyOf(errors));
    }

    private static boolean waitForSlot(long slot, long end) throws InterruptedException {
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        return System.nanoTime() < end;
    }

    /** The thread's next request: a new voter's cast, or a change or a retraction of one of its earlier votes. */
    private byte[] next(int thread, Random random, List<Vote> votes, KeepAliveHttp connection) {
        double r = random.nextDouble();
        if (r < 0.7 || votes.isEmpty()) {
            Vote vote = new Vote(nextVoter(thread), tools.get(random.nextInt(tools.size())),
                    random.nextBoolean() ? "SHIP" : "SKIP");
            votes.add(vote);
            return put(thread, vote, connection);
        }
        if (r < 0.9) {
            int i = random.nextInt(votes.size());
            Vote old = votes.get(i);
            Vote changed = new Vote(old.voter(), old.tool(), old.choice().equals("SHIP") ? "SKIP" : "SHIP");
            votes.set(i, changed);
            return put(thread, changed, connection);
        }
        Vote old = votes.remove(random.nextInt(votes.size()));
        return connection.request("DELETE", "/api/v1/tools/" + old.tool() + "/vote", token(thread, old.voter()), null);
    }

    private byte[] put(int thread, Vote vote, KeepAliveHttp connection) {
        return connection.request("PUT", "/api/v1/tools/" + vote.tool() + "/vote", token(thread, vote.voter()),
                "{\"choice\":\"" + vote.choice() + "\"}");
    }

    private final java.util.Map<Integer, Integer> nextVoterByThread = new java.util.concurrent.ConcurrentHashMap<>();

    private int nextVoter(int thread) {
        int voter = nextVoterByThread.merge(thread, 1, Integer::sum) - 1;
        List<String> own = tokens.get(thread);
        if (voter >= own.size()) {
            synchronized (own) {
                own.add(mint(thread, voter));
            }
            mintedDuringRun.incrementAndGet();
        }
        return voter;
    }

    private String token(int thread, int voter) {
        List<String> own = tokens.get(thread);
        synchronized (own) {
            return own.get(voter);
        }
    }

    private String mint(int thread, int voter) {
        return DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, prefix + "-" + thread + "-" + voter, List.of("voter"), null,
                Duration.ofHours(2));
    }
}
