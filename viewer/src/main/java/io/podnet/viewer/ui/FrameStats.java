package io.podnet.viewer.ui;

import java.util.Arrays;
import java.util.Locale;

/** A ring of recent frame (pulse) intervals in nanoseconds, with percentiles. */
public final class FrameStats {
    private final long[] ring;
    private int count;
    private int next;

    public FrameStats(int capacity) {
        ring = new long[capacity];
    }

    public synchronized void add(long intervalNs) {
        ring[next] = intervalNs;
        next = (next + 1) % ring.length;
        count = Math.min(count + 1, ring.length);
    }

    public synchronized void clear() {
        count = 0;
        next = 0;
    }

    public synchronized int count() {
        return count;
    }

    /** Sorted copy of the kept intervals. */
    public synchronized long[] sorted() {
        long[] a = new long[count];
        for (int i = 0; i < count; i++) {
            a[i] = ring[(next - count + i + ring.length) % ring.length];
        }
        Arrays.sort(a);
        return a;
    }

    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** One line: frames, mean, p50, p95, p99, max (ms), frames over 33 ms. */
    public String summary() {
        long[] a = sorted();
        if (a.length == 0) {
            return "no frames";
        }
        double sum = 0;
        int slow = 0;
        for (long v : a) {
            sum += v;
            if (v > 33_000_000L) {
                slow++;
            }
        }
        return String.format(Locale.ROOT, "%d frames: mean %.1f ms (%.1f fps), p50 %.1f, p95 %.1f, p99 %.1f, max %.1f ms; %d over 33 ms",
                a.length, sum / a.length / 1e6, 1e9 / (sum / a.length), percentile(a, 50) / 1e6, percentile(a, 95) / 1e6,
                percentile(a, 99) / 1e6, a[a.length - 1] / 1e6, slow);
    }
}
