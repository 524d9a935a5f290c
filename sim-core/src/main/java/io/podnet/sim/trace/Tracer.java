package io.podnet.sim.trace;

import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.cost.CpuModel;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.List;

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
        cpu().keepPendingForTrace(true);
    }

    public void removeListener(TraceListener l) {
        listeners.remove(l);
        cpu().keepPendingForTrace(!listeners.isEmpty());
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
        model.keepPendingForTrace(!listeners.isEmpty());
    }

    /** True when someone listens; callers may skip building explanations otherwise. */
    public boolean enabled() {
        return !listeners.isEmpty();
    }

    public void emit(long packetId, String flow, String namespace, String device, EventKind kind, String explanation,
                     Packet before, Packet after, Decision decision) {
        if (listeners.isEmpty()) {
            return;
        }
        CpuCost charged = cpu == null ? null : cpu.drainPending();
        TraceEvent e = new TraceEvent(seq++, engine.now(), packetId, flow, namespace, device, kind, explanation,
                before, after, decision, charged);
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).onEvent(e);
        }
    }

    public Engine engine() {
        return engine;
    }
}
