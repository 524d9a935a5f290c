package io.podnet.sim.cost;

import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceListener;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many times each {@link CostStep} ran for one flow, over how many bytes, and what it cost:
 * the sum of the {@link CpuCost} charges its trace events carry. A path's CPU time is linear in
 * these counts, {@code Σ count(s) × perPacket(s) + bytes(s) × perByte(s)}, which is what a
 * calibration fits costs against.
 */
public final class StepLedger {
    private final EnumMap<CostStep, long[]> tally = new EnumMap<>(CostStep.class);
    private long waitNanos;

    /** Adds one event's charges. */
    public void add(CpuCost cost) {
        if (cost == null) {
            return;
        }
        waitNanos += cost.waitNanos();
        for (StepCharge c : cost.charges()) {
            long[] t = tally.computeIfAbsent(c.step(), s -> new long[3]);
            t[0] += c.count();
            t[1] += c.bytes();
            t[2] += c.nanos();
        }
    }

    /** Executions of {@code step}. */
    public long count(CostStep step) {
        long[] t = tally.get(step);
        return t == null ? 0 : t[0];
    }

    /** Bytes {@code step} processed (the length its per-byte cost applied to). */
    public long bytes(CostStep step) {
        long[] t = tally.get(step);
        return t == null ? 0 : t[1];
    }

    /** CPU nanoseconds {@code step} cost under the run's profile. */
    public long nanos(CostStep step) {
        long[] t = tally.get(step);
        return t == null ? 0 : t[2];
    }

    /** CPU nanoseconds of every step. */
    public long totalNanos() {
        long n = 0;
        for (long[] t : tally.values()) {
            n += t[2];
        }
        return n;
    }

    /** Nanoseconds spent waiting for a busy CPU. */
    public long waitNanos() {
        return waitNanos;
    }

    /** The steps that ran, in {@link CostStep} order. */
    public Map<CostStep, Long> counts() {
        EnumMap<CostStep, Long> m = new EnumMap<>(CostStep.class);
        tally.forEach((s, t) -> m.put(s, t[0]));
        return Collections.unmodifiableMap(m);
    }

    /** One ledger per flow name (events without a flow are left out), sorted by flow. */
    public static Map<String, StepLedger> byFlow(Iterable<TraceEvent> events) {
        Recorder r = new Recorder();
        for (TraceEvent e : events) {
            r.onEvent(e);
        }
        return r.ledgers();
    }

    /** The ledger of one flow (empty when it charged nothing). */
    public static StepLedger ofFlow(Iterable<TraceEvent> events, String flow) {
        StepLedger l = new StepLedger();
        for (TraceEvent e : events) {
            if (flow.equals(e.flow())) {
                l.add(e.cpu());
            }
        }
        return l;
    }

    /** A trace listener building the per-flow ledgers while a run goes. */
    public static final class Recorder implements TraceListener {
        private final Map<String, StepLedger> ledgers = new TreeMap<>();

        @Override
        public void onEvent(TraceEvent e) {
            if (e.cpu() != null && e.flow() != null) {
                ledgers.computeIfAbsent(e.flow(), f -> new StepLedger()).add(e.cpu());
            }
        }

        /** The ledgers so far, by flow name. */
        public Map<String, StepLedger> ledgers() {
            return Collections.unmodifiableMap(ledgers);
        }
    }
}
