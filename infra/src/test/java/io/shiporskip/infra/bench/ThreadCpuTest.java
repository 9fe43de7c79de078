package io.shiporskip.infra.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {

    @Test
    void threadsOfOnePoolFallIntoOneGroup() {
        assertThat(ThreadCpu.group("http-nio-8081-e")).isEqualTo(ThreadCpu.group("http-nio-8081-e"))
                .isEqualTo("http-nio-#-e");
        assertThat(ThreadCpu.group("pool-3-thread-1")).isEqualTo("pool-#-thread-#");
        assertThat(ThreadCpu.group("GC Thread#0")).isEqualTo(ThreadCpu.group("GC Thread#1"));
    }

    @Test
    void theTwoJitCompilersStayApart() {
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("C1 CompilerThre");
    }

    @Test
    void thisJvmsOwnThreadsAreFoundAndCounted() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadCpu cpu = ThreadCpu.start(ProcessHandle.current().pid());
        long cpuStart = threads.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + 120_000_000_000L;
        long spin = 0;
        // 300 ms of this thread's own CPU time (not wall time: a loaded machine gives it less of a core)
        while (threads.getCurrentThreadCpuTime() - cpuStart < 300_000_000L && System.nanoTime() < deadline) {
            spin += System.nanoTime() % 7;
        }
        assertThat(spin).isPositive();
        // 300 ms at 100 ticks a second is 30 ticks; the kernel samples ticks, so allow for rounding
        assertThat(cpu.ticksByGroup().values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(20);
    }
}
