package io.shiporskip.infra.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of one process by thread group, read from {@code /proc/<pid>/task/<tid>/stat} (utime + stime in clock
 * ticks). Threads are grouped by name with their numbers taken out ({@code http-nio-8081-exec-3} and
 * {@code http-nio-8081-exec-7} are one group), so that a phase's cost reads as "request threads", "C2 compiler",
 * "GC", "Kafka producer" rather than as hundreds of threads. The kernel keeps only the first 15 characters of a
 * thread's name. Time of threads that ended inside the window is the process total less its live threads.
 */
final class ThreadCpu {

    /** Clock ticks per second: 100 on every Linux this runs on (USER_HZ; {@code getconf CLK_TCK}). */
    static final double TICKS_PER_SECOND = 100.0;

    static final String ENDED_THREADS = "(threads that ended)";

    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final long pid;
    private final Map<Long, Long> startByThread;
    private final long startTotal;

    private ThreadCpu(long pid) {
        this.pid = pid;
        this.startByThread = new HashMap<>();
        threads(pid, (tid, name, ticks) -> startByThread.put(tid, ticks));
        this.startTotal = processTicks(pid);
    }

    static ThreadCpu start(long pid) {
        return new ThreadCpu(pid);
    }

    /** The process's CPU since {@link #start}, in ticks, by thread group (plus {@link #ENDED_THREADS}). */
    Map<String, Long> ticksByGroup() {
        Map<String, Long> groups = new HashMap<>();
        long[] live = {0};
        threads(pid, (tid, name, ticks) -> {
            long spent = ticks - startByThread.getOrDefault(tid, 0L);
            live[0] += spent;
            groups.merge(group(name), spent, Long::sum);
        });
        long total = processTicks(pid) - startTotal;
        if (total > live[0]) {
            groups.merge(ENDED_THREADS, total - live[0], Long::sum);
        }
        groups.values().removeIf(t -> t <= 0);
        return groups;
    }

    /** {@code http-nio-8081-exec-3} -> {@code http-nio-#-exec-#}; {@code C2 CompilerThre} stays as it is. */
    static String group(String threadName) {
        String trimmed = threadName.strip();
        if (trimmed.startsWith("C1 ") || trimmed.startsWith("C2 ")) {
            return trimmed.replaceAll("\\d+$", "");
        }
        return NUMBERS.matcher(trimmed).replaceAll("#");
    }

    private interface ThreadTicks {
        void accept(long tid, String name, long ticks);
    }

    private static void threads(long pid, ThreadTicks into) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    into.accept(Long.parseLong(task.getFileName().toString()), name, ticks(stat));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended in between
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
    }

    static long processTicks(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** utime + stime: fields 14 and 15 of a stat line, counted after the command name's closing parenthesis. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
