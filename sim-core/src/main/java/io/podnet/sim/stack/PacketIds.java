package io.podnet.sim.stack;

import java.util.function.LongSupplier;

/** The run-wide packet id counter (ids start at 1), shared by every namespace and segment. */
public final class PacketIds implements LongSupplier {
    private long next = 1;

    @Override
    public long getAsLong() {
        return next++;
    }
}
