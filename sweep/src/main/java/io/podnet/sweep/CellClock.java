package io.podnet.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;

/**
 * What one cell cost on the thread that ran it (not part of the model): wall-clock time, the
 * thread's CPU time and the bytes it allocated, from the JVM's {@link ThreadMXBean}. CPU time is
 * the steady figure on a loaded machine: wall time counts the time the thread waited for a core.
 * A JVM that cannot measure thread CPU time or allocation leaves those columns empty.
 */
final class CellClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long wall0;
    private final long cpu0;
    private final long alloc0;

    private CellClock(long wall0, long cpu0, long alloc0) {
        this.wall0 = wall0;
        this.cpu0 = cpu0;
        this.alloc0 = alloc0;
    }

    /** Starts measuring on the calling thread. */
    static CellClock start() {
        return new CellClock(System.nanoTime(), cpu(), allocated());
    }

    /** Puts {@code wallNanos}, {@code cpuNanos} and {@code allocatedBytes} since {@link #start()}. */
    void stop(LinkedHashMap<String, Object> cols) {
        long wall = System.nanoTime() - wall0;
        long cpu = cpu();
        long alloc = allocated();
        cols.put("wallNanos", wall);
        cols.put("cpuNanos", cpu0 < 0 || cpu < 0 ? null : cpu - cpu0);
        cols.put("allocatedBytes", alloc0 < 0 || alloc < 0 ? null : alloc - alloc0);
    }

    private static long cpu() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
                    ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    private static long allocated() {
        if (THREADS instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
