package io.shiporskip.projector.rebuild;

import java.util.concurrent.atomic.AtomicLong;

/** A running rebuild's progress, written by its worker and read by the heartbeat, the metrics and the API. */
final class RebuildProgress {

    record Snapshot(String phase, String source, long applied, Long total, Double perSecond) {
    }

    private final AtomicLong applied = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private volatile String phase = "PREPARING";
    private volatile String source;
    private volatile Long total;
    private volatile String cancelRequestedBy;

    RebuildProgress(RebuildSource requested) {
        this.source = requested.name();
    }

    void phase(String phase) {
        this.phase = phase;
    }

    void source(RebuildSource source) {
        this.source = source.name();
    }

    void applied(long events) {
        applied.addAndGet(events);
    }

    /** Events known to be ahead of what was applied. */
    void remaining(long events) {
        total = applied.get() + Math.max(0, events);
    }

    void cancelRequestedBy(String who) {
        cancelRequestedBy = who;
    }

    String cancelRequestedBy() {
        return cancelRequestedBy;
    }

    long applied() {
        return applied.get();
    }

    double perSecond() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : applied.get() / seconds;
    }

    Snapshot snapshot() {
        return new Snapshot(phase, source, applied.get(), total, Math.round(perSecond() * 10) / 10.0);
    }
}
