package io.podnet.sim.engine;

import java.util.Arrays;

/**
 * A discrete-event engine. Simulated time is a {@code long} count of nanoseconds; nothing here
 * reads a wall clock. Events scheduled for the same instant run in the order they were scheduled
 * (ordered by time, then by a sequence number), so a run is fully deterministic.
 *
 * <p>An engine is an ordinary object: create one per run and pass it to the components that need
 * to schedule work. There is no static state.
 *
 * <p>The pending events are a 4-ary min-heap kept in parallel arrays: the ordering keys (due time
 * and insertion sequence) are primitive {@code long[]} arrays, so sifting compares numbers in
 * contiguous memory without following a pointer per comparison; the event objects (which are also
 * the {@link EventHandle}s) ride along in a third array. A cancelled event stays in the heap and is
 * discarded when it reaches the top (lazy deletion).
 */
public final class Engine {
    private static final int INITIAL_CAPACITY = 64;

    private long[] times = new long[INITIAL_CAPACITY];
    private long[] seqs = new long[INITIAL_CAPACITY];
    private Event[] events = new Event[INITIAL_CAPACITY];
    private int size;
    private long now;
    private long nextSeq;
    private long executed;
    private boolean stopRequested;

    /** The current simulated time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Number of events executed so far. */
    public long executedEvents() {
        return executed;
    }

    /** Number of events waiting (cancelled ones included until they are reached). */
    public int pendingEvents() {
        return size;
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

    /** Schedules {@code action} at the absolute time {@code timeNanos} (not before now). */
    public EventHandle at(long timeNanos, Runnable action) {
        if (timeNanos < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + timeNanos + " < " + now);
        }
        if (action == null) {
            throw new IllegalArgumentException("action is null");
        }
        Event e = new Event(timeNanos, action);
        push(timeNanos, nextSeq++, e);
        return e;
    }

    /** Cancels a pending event; cancelling one that already ran or was cancelled does nothing. */
    public void cancel(EventHandle handle) {
        if (handle instanceof Event e && e.state == Event.PENDING) {
            e.state = Event.CANCELLED;
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
        while (!stopRequested && size > 0) {
            long t = times[0];
            if (t > endNanos) {
                break;
            }
            Event e = pop();
            if (e.state != Event.PENDING) {
                continue;
            }
            now = t;
            e.state = Event.RAN;
            executed++;
            e.action.run();
        }
        if (!stopRequested && endNanos != Long.MAX_VALUE && endNanos > now) {
            now = endNanos;
        }
    }

    /** Asks a running {@link #runUntil} to return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    // ------------------------------------------------------------------ the 4-ary heap

    private void push(long t, long s, Event e) {
        int i = size;
        if (i == times.length) {
            int cap = i + (i >> 1);
            times = Arrays.copyOf(times, cap);
            seqs = Arrays.copyOf(seqs, cap);
            events = Arrays.copyOf(events, cap);
        }
        size = i + 1;
        long[] ts = times;
        long[] ss = seqs;
        Event[] es = events;
        // Sift the hole up. Sequence numbers only grow, so the new event is never before an
        // equal-time one already queued: compare times only.
        while (i > 0) {
            int p = (i - 1) >>> 2;
            long pt = ts[p];
            if (pt <= t) {
                break;
            }
            ts[i] = pt;
            ss[i] = ss[p];
            es[i] = es[p];
            i = p;
        }
        ts[i] = t;
        ss[i] = s;
        es[i] = e;
    }

    private Event pop() {
        long[] ts = times;
        long[] ss = seqs;
        Event[] es = events;
        Event top = es[0];
        int n = --size;
        long t = ts[n];
        long s = ss[n];
        Event e = es[n];
        es[n] = null;
        if (n == 0) {
            return top;
        }
        // Sift the hole at the root down, carrying the last element.
        int i = 0;
        while (true) {
            int c = (i << 2) + 1;
            if (c >= n) {
                break;
            }
            int end = Math.min(c + 4, n);
            int m = c;
            long mt = ts[c];
            long ms = ss[c];
            for (int k = c + 1; k < end; k++) {
                long kt = ts[k];
                if (kt < mt || (kt == mt && ss[k] < ms)) {
                    m = k;
                    mt = kt;
                    ms = ss[k];
                }
            }
            if (mt > t || (mt == t && ms > s)) {
                break;
            }
            ts[i] = mt;
            ss[i] = ms;
            es[i] = es[m];
            i = m;
        }
        ts[i] = t;
        ss[i] = s;
        es[i] = e;
        return top;
    }

    /** One scheduled action; it is its own handle. */
    private static final class Event implements EventHandle {
        static final byte PENDING = 0;
        static final byte RAN = 1;
        static final byte CANCELLED = 2;

        final long time;
        final Runnable action;
        byte state;

        Event(long time, Runnable action) {
            this.time = time;
            this.action = action;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        public boolean isPending() {
            return state == PENDING;
        }
    }
}
