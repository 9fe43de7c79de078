package io.shiporskip.infra.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wall-clock samples of one operation, in milliseconds, summarised as percentiles. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();

    void add(long nanos) {
        millis.add(nanos / 1_000_000.0);
    }

    synchronized void addAll(Latencies other) {
        millis.addAll(other.millis);
    }

    double percentile(double p) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return round(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))));
    }

    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("samples", millis.size());
        summary.put("p50_ms", percentile(50));
        summary.put("p99_ms", percentile(99));
        summary.put("max_ms", percentile(100));
        return summary;
    }

    /** a ÷ b to four decimals: ratios far below 1 (0.002) must not print as 0. */
    static double ratio(double a, double b) {
        return Math.round(a / b * 10_000.0) / 10_000.0;
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
