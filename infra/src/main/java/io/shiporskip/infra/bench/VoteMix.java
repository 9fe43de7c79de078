package io.shiporskip.infra.bench;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.tokens.DevTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Voters over HTTP from C threads: 70 % casts (each by a new voter), 20 % changes and 10 % retractions of votes the
 * thread cast before, on random tools. Optionally paced to a total rate.
 */
final class VoteMix {

    /** One voter's vote on one tool, as the thread last left it. */
    private record Vote(String voter, String tool, String choice) {
    }

    private final Http commands;
    private final List<String> tools;
    private final String prefix;
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    VoteMix(Http commands, List<String> tools, String prefix) {
        this.commands = commands;
        this.tools = tools;
        this.prefix = prefix;
    }

    /** Runs C threads for the duration, at most {@code perSecond} actions a second in total (0: as fast as it goes). */
    Map<String, Object> run(int threads, Duration duration, double perSecond) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong slots = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong accepted = new AtomicLong();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies own = new Latencies();
            latencies.add(own);
            String threadPrefix = prefix + "-" + t + "-";
            Random random = new Random(t);
            work.add(pool.submit(() -> {
                List<Vote> votes = new ArrayList<>();
                int newVoters = 0;
                while (System.nanoTime() < end) {
                    if (perSecond > 0) {
                        long slot = start + (long) (slots.getAndIncrement() * 1e9 / perSecond);
                        long wait = slot - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        if (System.nanoTime() >= end) {
                            break;
                        }
                    }
                    double r = random.nextDouble();
                    long t0 = System.nanoTime();
                    Http.Reply reply;
                    if (r < 0.7 || votes.isEmpty()) {
                        Vote vote = new Vote(threadPrefix + newVoters++, tools.get(random.nextInt(tools.size())),
                                random.nextBoolean() ? "SHIP" : "SKIP");
                        reply = commands.put("/api/v1/tools/" + vote.tool() + "/vote", token(vote.voter()),
                                Map.of("choice", vote.choice()));
                        votes.add(vote);
                    } else if (r < 0.9) {
                        int i = random.nextInt(votes.size());
                        Vote old = votes.get(i);
                        Vote changed = new Vote(old.voter(), old.tool(), old.choice().equals("SHIP") ? "SKIP" : "SHIP");
                        reply = commands.put("/api/v1/tools/" + old.tool() + "/vote", token(old.voter()),
                                Map.of("choice", changed.choice()));
                        votes.set(i, changed);
                    } else {
                        Vote old = votes.remove(random.nextInt(votes.size()));
                        reply = commands.delete("/api/v1/tools/" + old.tool() + "/vote", token(old.voter()));
                    }
                    own.add(System.nanoTime() - t0);
                    if (reply.status() == 200 || reply.status() == 204) {
                        accepted.incrementAndGet();
                    } else if (errors.size() < 20) {
                        errors.add(reply.status() + " " + reply.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = new Latencies();
        latencies.forEach(all::addAll);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("votes_per_second", Latencies.round(accepted.get() / seconds));
        result.put("accepted", accepted.get());
        result.put("p50_ms", all.percentile(50));
        result.put("p99_ms", all.percentile(99));
        result.put("errors", List.copyOf(errors));
        return result;
    }

    private String token(String voter) {
        return tokens.computeIfAbsent(voter, v -> DevTokens.mint(DevTokens.LOCAL_DEV_SECRET, v, List.of("voter"), null,
                Duration.ofHours(2)));
    }
}
