package io.podnet.sim.engine;

import java.util.PriorityQueue;

/**
 * A discrete-event engine. Simulated time is a {@code long} count of nanoseconds; nothing here
 * reads a wall clock. Events scheduled for the same instant run in the order they were scheduled
 * (ordered by time, then by a sequence number), so a run is fully deterministic.
 *
 * <p>An engine is an ordinary object: create one per run and pass it to the components that need
 * to schedule work. There is no static state.
 */
public final class Engine {
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    /** CPU time the running event has consumed ({@link #consume}); now() is its time plus this. */
    private long offset;
    /** The running event's execution context (inherited by the events it schedules). */
    private Object context;
    private long nextSeq;
    private long executed;
    private boolean stopRequested;

    /**
     * The current simulated time in nanoseconds: the running event's time plus the CPU time it has
     * consumed so far ({@link #consume}).
     */
    public long now() {
        return now + offset;
    }

    /**
     * Lets the running event take {@code nanos} of (CPU) time: {@link #now()} moves on by that much
     * for the rest of the event, so what it schedules and traces happens later. Events already
     * queued are not moved; the next event starts at its own time.
     */
    public void consume(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot consume negative time: " + nanos);
        }
        offset += nanos;
    }

    /**
     * The running event's context: an opaque value (the CPU model's current CPU) that every event
     * scheduled from this one inherits. Null outside events and for events scheduled without one.
     */
    public Object context() {
        return context;
    }

    /** Replaces the running event's context (see {@link #context()}). */
    public void setContext(Object context) {
        this.context = context;
    }

    /** Number of events executed so far. */
    public long executedEvents() {
        return executed;
    }

    /** Number of events waiting (cancelled ones included until they are reached). */
    public int pendingEvents() {
        return queue.size();
    }

    /** Schedules {@code action} to run {@code delayNanos} after now. */
    public EventHandle schedule(long delayNanos, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delayNanos);
        }
        return at(now + delayNanos, action);
    }

    /** Schedules {@code action} to run at the current instant, after every event already due now. */
    public EventHandle scheduleNow(Runnable action) {
        return at(now, action);
    }

    /**
     * Schedules {@code action} at the absolute time {@code timeNanos} (not before the running event's
     * time; a time between that and {@link #now()} — inside CPU time the event consumed — means now).
     */
    public EventHandle at(long timeNanos, Runnable action) {
        if (timeNanos < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + timeNanos + " < " + now);
        }
        if (action == null) {
            throw new IllegalArgumentException("action is null");
        }
        Event e = new Event(Math.max(timeNanos, now + offset), nextSeq++, action, context);
        queue.add(e);
        return e;
    }

    /** Cancels a pending event; cancelling one that already ran or was cancelled does nothing. */
    public void cancel(EventHandle handle) {
        if (handle instanceof Event e) {
            e.cancelled = true;
        }
    }

    /** Runs events until none are left. */
    public void runUntilIdle() {
        runUntil(Long.MAX_VALUE);
    }

    /**
     * Runs every event due at or before {@code endNanos}, then sets the clock to {@code endNanos}
     * (unless it is {@link Long#MAX_VALUE}, or {@link #stop()} was called).
     */
    public void runUntil(long endNanos) {
        stopRequested = false;
        while (!stopRequested) {
            Event e = queue.peek();
            if (e == null || e.time > endNanos) {
                break;
            }
            queue.poll();
            if (e.cancelled) {
                continue;
            }
            now = e.time;
            offset = 0;
            context = e.context;
            e.ran = true;
            executed++;
            e.action.run();
        }
        offset = 0;
        context = null;
        if (!stopRequested && endNanos != Long.MAX_VALUE && endNanos > now) {
            now = endNanos;
        }
    }

    /** Asks a running {@link #runUntil} to return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    private static final class Event implements EventHandle, Comparable<Event> {
        final long time;
        final long seq;
        final Runnable action;
        final Object context;
        boolean cancelled;
        boolean ran;

        Event(long time, long seq, Runnable action, Object context) {
            this.time = time;
            this.seq = seq;
            this.action = action;
            this.context = context;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        public boolean isPending() {
            return !cancelled && !ran;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
