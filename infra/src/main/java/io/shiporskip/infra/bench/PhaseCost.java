package io.shiporskip.infra.bench;

import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a phase cost per operation (an accepted vote, a page, a row): CPU per process and per thread group in
 * milliseconds, and PostgreSQL's commits, statements, WAL records, WAL bytes and WAL flushes. CPU is counted over the
 * measured window only; the database's counters over the window plus the second its backends take to report, which
 * includes the relay's and the projector's work for the phase's votes (their part of a vote's cost).
 *
 * @param cpuBusyPercent the whole machine, all cores: 100 means every core was busy
 * @param cpuPercentByProcess each process group's share of all cores' time, plus what none accounts for
 * @param cpuMsPerOperation per JVM process: milliseconds of CPU per operation, in total and by its busiest thread groups
 */
record PhaseCost(long operations, double seconds, double cpuBusyPercent, Map<String, Double> cpuPercentByProcess,
                 Map<String, ProcessCpu> cpuMsPerOperation, DatabaseWork database) {

    /** @param byThreads the eight busiest thread groups (names with numbers taken out), ms per operation */
    record ProcessCpu(double total, Map<String, Double> byThreads) {
    }

    /** PostgreSQL's work per operation; {@code statements} is null unless pg_stat_statements is loaded. */
    record DatabaseWork(double commits, double rollbacks, Double statements, double walRecords, double walBytes,
                        double walFlushes) {
    }

    /** Started before a phase's measured window; {@link #stop} ends it. */
    static final class Meter {
        private final PostgresEndpoint database;
        private final CpuUse machine;
        private final Map<String, ThreadCpu> jvms = new LinkedHashMap<>();
        private final DatabaseActivity databaseStart;
        private final long startNanos = System.nanoTime();

        /**
         * @param processes every process group to account for (by name)
         * @param jvms the Java processes whose threads are told apart, by name
         */
        Meter(PostgresEndpoint database, Map<String, Supplier<Collection<Long>>> processes, Map<String, Long> jvms) {
            this.database = database;
            this.databaseStart = DatabaseActivity.read(database);
            jvms.forEach((name, pid) -> this.jvms.put(name, ThreadCpu.start(pid)));
            this.machine = new CpuUse(processes);
        }

        /** Ends the window; {@code operations} is what the phase did in it (accepted votes, pages, rows). */
        PhaseCost stop(long operations) throws InterruptedException {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double busy = machine.busyPercent();
            Map<String, Double> shares = machine.byProcessPercent();
            double per = Math.max(1, operations);
            Map<String, ProcessCpu> cpu = new LinkedHashMap<>();
            jvms.forEach((name, threads) -> cpu.put(name, perOperation(threads.ticksByGroup(), per)));
            DatabaseActivity done = DatabaseActivity.settled(database).since(databaseStart);
            DatabaseWork work = new DatabaseWork(round(done.commits() / per), round(done.rollbacks() / per),
                    done.statements() == null ? null : round(done.statements() / per), round(done.walRecords() / per),
                    round(done.walBytes() / per), round(done.walFlushes() / per));
            return new PhaseCost(operations, Latencies.round(seconds), busy, shares, cpu, work);
        }

        private static ProcessCpu perOperation(Map<String, Long> ticksByGroup, double operations) {
            double total = ticksByGroup.values().stream().mapToLong(Long::longValue).sum();
            List<Map.Entry<String, Long>> busiest = ticksByGroup.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(8).toList();
            Map<String, Double> byThreads = busiest.stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> millis(e.getValue(), operations), (a, b) -> a, LinkedHashMap::new));
            return new ProcessCpu(millis(total, operations), byThreads);
        }

        private static double millis(double ticks, double operations) {
            return round(ticks / ThreadCpu.TICKS_PER_SECOND * 1000 / operations);
        }

        private static double round(double value) {
            return Math.round(value * 1000.0) / 1000.0;
        }
    }
}
