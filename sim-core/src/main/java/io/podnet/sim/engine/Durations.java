package io.podnet.sim.engine;

/** Nanosecond helpers and a formatter used by trace renderers. */
public final class Durations {
    public static final long NS = 1;
    public static final long US = 1_000;
    public static final long MS = 1_000_000;
    public static final long S = 1_000_000_000;

    private Durations() {}

    /** Formats a nanosecond time as a fixed-width microsecond string, e.g. {@code 12.345us}. */
    public static String format(long nanos) {
        if (nanos % MS == 0 && nanos != 0) {
            return (nanos / MS) + "ms";
        }
        long us = nanos / US;
        long frac = Math.abs(nanos % US);
        return us + "." + String.format("%03d", frac) + "us";
    }
}
