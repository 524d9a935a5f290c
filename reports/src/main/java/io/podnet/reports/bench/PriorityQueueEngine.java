package io.podnet.reports.bench;

import java.util.PriorityQueue;

/**
 * The baseline the engine is measured against: the algorithm of podnet's engine before the
 * primitive-keyed heap (a {@code java.util.PriorityQueue} of event objects ordered by time, then
 * insertion sequence; the event object is the cancel handle; lazy cancel). Only what the hold
 * model uses.
 */
final class PriorityQueueEngine {
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long nextSeq;
    private long executed;

    long now() {
        return now;
    }

    long executedEvents() {
        return executed;
    }

    Object schedule(long delayNanos, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delayNanos);
        }
        Event e = new Event(now + delayNanos, nextSeq++, action);
        queue.add(e);
        return e;
    }

    void runUntilIdle() {
        Event e;
        while ((e = queue.poll()) != null) {
            if (e.cancelled) {
                continue;
            }
            now = e.time;
            e.ran = true;
            executed++;
            e.action.run();
        }
    }

    private static final class Event implements Comparable<Event> {
        final long time;
        final long seq;
        final Runnable action;
        boolean cancelled;
        boolean ran;

        Event(long time, long seq, Runnable action) {
            this.time = time;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
