package io.podnet.sim.trace;

import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.cost.CpuModel;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The single trace source of a run: components call {@link #emit}, listeners subscribe. Sequence
 * numbers are assigned here so the order is the run's order.
 */
public final class Tracer {
    private final Engine engine;
    private final List<TraceListener> listeners = new ArrayList<>();
    private long seq;
    private CpuModel cpu;

    public Tracer(Engine engine) {
        this.engine = engine;
    }

    public void addListener(TraceListener l) {
        listeners.add(l);
        cpu().keepPendingForTrace(readsCpu());
    }

    public void removeListener(TraceListener l) {
        listeners.remove(l);
        cpu().keepPendingForTrace(readsCpu());
    }

    /** Whether some listener reads the events' CPU costs (then the CPU model keeps its charges for them). */
    private boolean readsCpu() {
        for (TraceListener l : listeners) {
            if (l.readsCpu()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The run's CPU model: the steps charge it, and each event carries what was charged since the
     * previous one ({@link TraceEvent#cpu()}). A wire-only model (charges nothing) unless set.
     */
    public CpuModel cpu() {
        if (cpu == null) {
            cpu = CpuModel.none(engine);
        }
        return cpu;
    }

    /** Sets the run's CPU model; call before the network is built. */
    public void setCpuModel(CpuModel model) {
        if (model == null) {
            throw new IllegalArgumentException("the CPU model is null");
        }
        this.cpu = model;
        model.keepPendingForTrace(readsCpu());
    }

    /** True when someone listens; callers may skip building explanations otherwise. */
    public boolean enabled() {
        return !listeners.isEmpty();
    }

    public void emit(long packetId, String flow, String namespace, String device, EventKind kind, String explanation,
                     Packet before, Packet after, Decision decision) {
        if (skipped(kind, flow, namespace)) {
            return;
        }
        publish(new TraceEvent(seq++, engine.now(), packetId, flow, namespace, device, kind, explanation,
                before, after, decision, drainCpu()));
    }

    /**
     * As {@link #emit(long, String, String, String, EventKind, String, Packet, Packet, Decision)}, with
     * the explanation built only if a listener reads it. The supplier must depend only on values that
     * do not change after this call (packets, records, strings).
     */
    public void emit(long packetId, String flow, String namespace, String device, EventKind kind,
                     Supplier<String> explanation, Packet before, Packet after, Decision decision) {
        if (skipped(kind, flow, namespace)) {
            return;
        }
        publish(new TraceEvent(seq++, engine.now(), packetId, flow, namespace, device, kind, explanation,
                before, after, decision, drainCpu()));
    }

    /**
     * As {@link #emit(long, String, String, String, EventKind, Supplier, Packet, Packet, Decision)}, with
     * the decision built too only if a listener reads it ({@code decision} may return null). Both
     * suppliers must depend only on values that do not change after this call.
     */
    public void emitLazy(long packetId, String flow, String namespace, String device, EventKind kind,
                         Supplier<String> explanation, Packet before, Packet after, Supplier<? extends Decision> decision) {
        if (skipped(kind, flow, namespace)) {
            return;
        }
        publish(new TraceEvent(seq++, engine.now(), packetId, flow, namespace, device, kind, explanation,
                before, after, decision, drainCpu()));
    }

    /**
     * True when the event is not built: no one listens, or no listener wants it (then it still takes
     * its sequence number, and the CPU charged since the previous event is dropped with it).
     */
    private boolean skipped(EventKind kind, String flow, String namespace) {
        if (listeners.isEmpty()) {
            return true;
        }
        if (!wanted(kind, flow, namespace)) {
            if (cpu != null) {
                cpu.discardPending();
            }
            seq++;
            return true;
        }
        return false;
    }

    /** The CPU charged since the previous event (null without a CPU model), now taken from the model. */
    private CpuCost drainCpu() {
        return cpu == null ? null : cpu.drainPending();
    }

    private void publish(TraceEvent e) {
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).onEvent(e);
        }
    }

    /** Whether some listener wants an event of {@code kind} for {@code flow} in {@code namespace}. */
    private boolean wanted(EventKind kind, String flow, String namespace) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).wants(kind, flow, namespace)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many events were emitted while someone listened (the next sequence number): every event,
     * including those no listener wanted and that were therefore never built.
     */
    public long emitted() {
        return seq;
    }

    public Engine engine() {
        return engine;
    }
}
