package io.podnet.sim.cost;

/**
 * The cost of one {@link CostStep}: {@code perPacketNanos + perByteNanos × length} nanoseconds of
 * CPU, and where the figures come from.
 *
 * @param perPacketNanos CPU nanoseconds per packet (per super-packet where the kernel pays so)
 * @param perByteNanos   CPU nanoseconds per byte of the packet's length (0 when the step's cost does
 *                       not scale with length)
 * @param source         whether the figures were measured, fitted or taken from a publication
 * @param note           where the figure comes from (a citation or the calibration run), or ""
 */
public record StepCost(double perPacketNanos, double perByteNanos, Source source, String note) {
    /** Where a cost comes from. */
    public enum Source {
        /** Measured directly on the machine named in the profile. */
        MEASURED,
        /** Fitted (least squares) to measurements of whole paths. */
        FITTED,
        /** Taken or derived from a published figure (the note cites it). */
        PUBLISHED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Source ofKey(String key) {
            for (Source s : values()) {
                if (s.key().equals(key)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** A zero cost (the step is free). */
    public static final StepCost ZERO = new StepCost(0, 0, Source.PUBLISHED, "");

    public StepCost {
        if (!(perPacketNanos >= 0) || !(perByteNanos >= 0) || Double.isInfinite(perPacketNanos)
                || Double.isInfinite(perByteNanos)) {
            throw new IllegalArgumentException("costs must be finite and >= 0, were " + perPacketNanos + " ns and "
                    + perByteNanos + " ns/B");
        }
        if (source == null) {
            throw new IllegalArgumentException("a cost needs a source");
        }
        note = note == null ? "" : note;
    }

    /** The CPU nanoseconds for {@code count} packets of {@code bytes} bytes in total, rounded. */
    public long nanos(long count, long bytes) {
        return Math.round(perPacketNanos * count + perByteNanos * bytes);
    }

    public boolean isZero() {
        return perPacketNanos == 0 && perByteNanos == 0;
    }
}
