package io.shiporskip.e2e;

import io.shiporskip.infra.http.Http;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readers requesting pages in a loop until stopped: {@link #answered()} counts only 200s, every other answer or error
 * is kept in {@link #failures()} (so a wait on answers cannot be satisfied by a service that is down).
 */
final class PageReaders implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong answered = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;

    /** Each path is requested with the token (null: anonymous). */
    PageReaders(Http queries, String token, List<String> paths, int threadCount) {
        threads = Executors.newFixedThreadPool(threadCount);
        for (int t = 0; t < threadCount; t++) {
            threads.submit(() -> {
                while (running.get()) {
                    String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
                    try {
                        Http.Reply reply = queries.get(path, token);
                        if (reply.status() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failures.add(path + " -> " + reply.status() + " " + reply.body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(path + " -> " + e);
                    }
                }
            });
        }
    }

    long answered() {
        return answered.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    void stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
