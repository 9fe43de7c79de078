package io.shiporskip.infra.bench;

import java.util.List;

/** Command-line options and checks shared by the benchmarks. */
final class BenchArgs {

    private BenchArgs() {
    }

    static String option(String[] args, String name, String fallback) {
        List<String> list = List.of(args);
        int i = list.indexOf(name);
        return i >= 0 && i + 1 < list.size() ? list.get(i + 1) : fallback;
    }

    /** A benchmark whose own checks fail must not print figures as if they were valid. */
    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
