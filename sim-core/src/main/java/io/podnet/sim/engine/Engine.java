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
 * <p>The pending events are a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990), which fits a
 * discrete-event simulation because no event is ever scheduled before the last one taken out.
 * Relative to {@code last}, the time of the event taken out last, an event due at {@code t} sits
 * in bucket 0 when {@code t == last}, else in bucket {@code 64 - numberOfLeadingZeros(t ^ last)}
 * (the highest bit where they differ). Taking the next event out of an empty bucket 0 finds the
 * lowest non-empty bucket, makes its earliest time the new {@code last}, and redistributes that
 * bucket's events to lower buckets; an event moves at most 63 times in its life, and in practice
 * a few. Every bucket is a FIFO list, so events of equal time keep their insertion order: they
 * always share a bucket, and they move together, in order, when it is redistributed.
 *
 * <p>Events live in slots of primitive arrays (time, sequence number, next in bucket) with the
 * action beside them; freed slots are reused, so a steady run allocates nothing for the queue.
 * A cancelled event keeps its slot, without its action, until it is reached (lazy deletion).
 * The {@link EventHandle} returned by {@link #at} names the slot and the sequence number, a small
 * object nothing else refers to: when the caller drops it, the JIT need not allocate it at all.
 */
public final class Engine {
    private static final int INITIAL_CAPACITY = 64;
    private static final int BUCKETS = 64;
    private static final int NONE = -1;
    private static final long FREE = -1;

    // Buckets: FIFO lists of slots; bit b of nonEmpty is set when bucket b holds a slot.
    private final int[] head = new int[BUCKETS];
    private final int[] tail = new int[BUCKETS];
    private long nonEmpty;
    private long last;
    private int size;

    // Slots: the event's due time, its sequence number (FREE when the slot is unused), the next slot
    // in its bucket, and its action (null once cancelled).
    private long[] slotTime = new long[INITIAL_CAPACITY];
    private long[] slotSeq = new long[INITIAL_CAPACITY];
    private int[] slotNext = new int[INITIAL_CAPACITY];
    private Runnable[] slotAction = new Runnable[INITIAL_CAPACITY];
    private Object[] slotContext = new Object[INITIAL_CAPACITY];
    private int[] freeSlots = new int[INITIAL_CAPACITY];
    private int freeCount;
    private int slotsUsed;

    private long now;
    /** CPU time the running event has consumed ({@link #consume}); now() is its time plus this. */
    private long offset;
    /** The running event's execution context (inherited by the events it schedules). */
    private Object context;
    private long nextSeq;
    private long executed;
    private boolean stopRequested;

    public Engine() {
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
        Arrays.fill(slotSeq, FREE);
    }

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
        timeNanos = Math.max(timeNanos, now + offset);
        if (timeNanos < last) {
            rebase(timeNanos);
        }
        long seq = nextSeq++;
        int slot = allocateSlot();
        slotTime[slot] = timeNanos;
        slotSeq[slot] = seq;
        slotAction[slot] = action;
        slotContext[slot] = context;
        append(bucketOf(timeNanos), slot);
        size++;
        return new Handle(this, timeNanos, seq, slot);
    }

    /** Cancels a pending event; cancelling one that already ran or was cancelled does nothing. */
    public void cancel(EventHandle handle) {
        if (handle instanceof Handle h && h.engine == this && slotSeq[h.slot] == h.seq) {
            slotAction[h.slot] = null;
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
            long t;
            if (head[0] != NONE) {
                t = last;
            } else {
                // The earliest event is the earliest of the lowest non-empty bucket. Move on to it
                // only when it is due: last never passes an event that has not been reached.
                int b = Long.numberOfTrailingZeros(nonEmpty);
                t = earliest(b);
                if (t <= endNanos) {
                    last = t;
                    redistribute(b);
                }
            }
            if (t > endNanos) {
                break;
            }
            int slot = head[0];
            int next = slotNext[slot];
            head[0] = next;
            if (next == NONE) {
                tail[0] = NONE;
                nonEmpty &= ~1L;
            }
            size--;
            Runnable action = slotAction[slot];
            slotAction[slot] = null;
            slotSeq[slot] = FREE;
            freeSlots[freeCount++] = slot;
            if (action == null) {
                slotContext[slot] = null;
                continue; // cancelled
            }
            now = t;
            offset = 0;
            context = slotContext[slot];
            slotContext[slot] = null;
            executed++;
            action.run();
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

    private boolean isPending(int slot, long seq) {
        return slotSeq[slot] == seq && slotAction[slot] != null;
    }

    // ------------------------------------------------------------------ the radix heap

    private int bucketOf(long t) {
        long x = t ^ last;
        return x == 0 ? 0 : BUCKETS - Long.numberOfLeadingZeros(x);
    }

    private void append(int b, int slot) {
        slotNext[slot] = NONE;
        int t = tail[b];
        if (t == NONE) {
            head[b] = slot;
            nonEmpty |= 1L << b;
        } else {
            slotNext[t] = slot;
        }
        tail[b] = slot;
    }

    /** The earliest due time in bucket {@code b} (not empty). */
    private long earliest(int b) {
        long[] times = slotTime;
        int[] next = slotNext;
        int s = head[b];
        long min = times[s];
        for (int e = next[s]; e != NONE; e = next[e]) {
            min = Math.min(min, times[e]);
        }
        return min;
    }

    /**
     * Spreads bucket {@code b} over the buckets for the current {@code last}, in list order (so
     * equal times keep their order); with {@code last} set to its earliest time, those events land
     * in bucket 0.
     */
    private void redistribute(int b) {
        long[] times = slotTime;
        int[] next = slotNext;
        int s = head[b];
        head[b] = NONE;
        tail[b] = NONE;
        nonEmpty &= ~(1L << b);
        while (s != NONE) {
            int n = next[s];
            append(bucketOf(times[s]), s);
            s = n;
        }
    }

    /**
     * An event is being scheduled before {@code last} (possible after cancelled events were
     * skipped past the clock): make its time the new {@code last} and redistribute every bucket.
     * Each bucket's list moves in order, so equal times (which share a bucket) keep their order.
     */
    private void rebase(long newLast) {
        last = newLast;
        long buckets = nonEmpty;
        int[] heads = head.clone();
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
        nonEmpty = 0;
        int[] next = slotNext;
        while (buckets != 0) {
            int b = Long.numberOfTrailingZeros(buckets);
            buckets &= buckets - 1;
            for (int s = heads[b]; s != NONE; ) {
                int n = next[s];
                append(bucketOf(slotTime[s]), s);
                s = n;
            }
        }
    }

    // ------------------------------------------------------------------ slots

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        int s = slotsUsed;
        if (s == slotAction.length) {
            int cap = s + (s >> 1);
            slotTime = Arrays.copyOf(slotTime, cap);
            slotSeq = Arrays.copyOf(slotSeq, cap);
            Arrays.fill(slotSeq, s, cap, FREE);
            slotNext = Arrays.copyOf(slotNext, cap);
            slotAction = Arrays.copyOf(slotAction, cap);
            slotContext = Arrays.copyOf(slotContext, cap);
            freeSlots = Arrays.copyOf(freeSlots, cap);
        }
        slotsUsed = s + 1;
        return s;
    }

    /** Names one scheduled event: its slot and its sequence number (a slot is reused by later events). */
    private static final class Handle implements EventHandle {
        final Engine engine;
        final long time;
        final long seq;
        final int slot;

        Handle(Engine engine, long time, long seq, int slot) {
            this.engine = engine;
            this.time = time;
            this.seq = seq;
            this.slot = slot;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        public boolean isPending() {
            return engine.isPending(slot, seq);
        }
    }
}
