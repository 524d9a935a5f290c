package io.podnet.sim.engine;

/** A scheduled event, returned by {@link Engine#schedule} so that it can be cancelled. */
public interface EventHandle {
    /** The simulated time (ns) the event is due. */
    long time();

    /** True until the event has run or been cancelled. */
    boolean isPending();
}
