package io.shiporskip.infra.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was between two instants (from /proc/stat): tells a figure bound by CPU (every process of
 * the stack and the load generator share the same cores) from one bound by waiting.
 */
final class CpuUse {

    private final long[] start = read();

    /** Percent of all cores' time that was not idle or waiting for I/O since this was created. */
    double busyPercent() {
        long[] now = read();
        double total = now[0] - start[0];
        return total <= 0 ? -1 : Latencies.round(100.0 * (1 - (now[1] - start[1]) / total));
    }

    private static long[] read() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new long[] {total, idle};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }
}
