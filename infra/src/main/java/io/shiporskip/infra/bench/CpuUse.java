package io.shiporskip.infra.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How busy the whole machine was between two instants (from /proc/stat), and which processes spent it (from
 * /proc/<pid>/stat): tells a figure bound by CPU (every process of the stack and the load generator share the same
 * cores) from one bound by waiting, and names who holds the cores.
 */
final class CpuUse {

    /** Every process named {@code postgres}: the server and its backends (the benchmark's database server is local). */
    static final Supplier<Collection<Long>> POSTGRES = () -> processesNamed("postgres");

    private final Map<String, Supplier<Collection<Long>>> groups;
    private final long[] start = read();
    private final Map<Long, Long> startTicks;

    /** @param groups a name per group of processes (a service, the database server, this JVM) */
    CpuUse(Map<String, Supplier<Collection<Long>>> groups) {
        this.groups = groups;
        this.startTicks = ticksOf(allPids());
    }

    /** Percent of all cores' time that was not idle or waiting for I/O since this was created. */
    double busyPercent() {
        long[] now = read();
        double total = now[0] - start[0];
        return total <= 0 ? -1 : Latencies.round(100.0 * (1 - (now[1] - start[1]) / total));
    }

    /**
     * Each group's share of all cores' time since this was created, in percent, and {@code unattributed}: the busy
     * time no group accounts for (the OS, other processes, and processes that ended in between, such as the database
     * backends of a baseline's connections once it closed them). A process that started in between is counted from
     * its start.
     */
    Map<String, Double> byProcessPercent() {
        long[] now = read();
        double total = now[0] - start[0];
        Map<String, Double> shares = new LinkedHashMap<>();
        double attributed = 0;
        for (Map.Entry<String, Supplier<Collection<Long>>> group : groups.entrySet()) {
            long spent = 0;
            for (Map.Entry<Long, Long> ticks : ticksOf(group.getValue().get()).entrySet()) {
                spent += ticks.getValue() - startTicks.getOrDefault(ticks.getKey(), 0L);
            }
            shares.put(group.getKey(), total <= 0 ? -1 : Latencies.round(100.0 * spent / total));
            attributed += total <= 0 ? 0 : 100.0 * spent / total;
        }
        double busy = total <= 0 ? -1 : 100.0 * (1 - (now[1] - start[1]) / total);
        shares.put("unattributed", total <= 0 ? -1 : Latencies.round(Math.max(0, busy - attributed)));
        return shares;
    }

    private List<Long> allPids() {
        List<Long> pids = new ArrayList<>();
        groups.values().forEach(g -> pids.addAll(g.get()));
        return pids;
    }

    /** utime + stime in clock ticks, the same unit /proc/stat counts in; processes that ended are left out. */
    private static Map<Long, Long> ticksOf(Collection<Long> pids) {
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            long spent = ThreadCpu.processTicks(pid);
            if (spent > 0) {
                ticks.put(pid, spent);
            }
        }
        return ticks;
    }

    private static Collection<Long> processesNamed(String name) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : proc) {
                try {
                    if (Files.readString(dir.resolve("comm")).trim().equals(name)) {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended in between
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return pids;
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
