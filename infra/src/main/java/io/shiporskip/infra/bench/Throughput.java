package io.shiporskip.infra.bench;

import java.util.List;

/**
 * A rate measured over a window, with the latency percentiles of its operations.
 *
 * @param perSecond operations per second of wall-clock time over the window
 * @param count operations in the window
 */
record Throughput(double perSecond, long count, double p50Ms, double p99Ms) {

    /** From a count, the window's start ({@link System#nanoTime}, ended now) and the threads' latencies. */
    static Throughput of(long count, long startNanos, List<Latencies> latencies) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Latencies all = new Latencies();
        synchronized (latencies) {
            latencies.forEach(all::addAll);
        }
        return new Throughput(Latencies.round(count / seconds), count, all.percentile(50), all.percentile(99));
    }
}
