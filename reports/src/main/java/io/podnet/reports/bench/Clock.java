package io.podnet.reports.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The benchmark clock: the current thread's CPU time when the JVM measures it, else wall-clock
 * time. On a shared machine, CPU time leaves out the time other processes ran instead of the
 * benchmark (it still includes the benchmark's own cache misses and scheduling effects).
 */
final class Clock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported() && enable();

    private Clock() {}

    private static boolean enable() {
        try {
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** True when {@link #cpuNanos} is CPU time. */
    static boolean measuresCpu() {
        return CPU;
    }

    /** Nanoseconds of this thread's CPU time (or of wall-clock time when CPU time is not measured). */
    static long cpuNanos() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** What {@link #cpuNanos} measures, for reports. */
    static String describe() {
        return CPU ? "CPU time of the simulating thread" : "wall-clock time";
    }
}
