package io.podnet.sim.trace;

import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.wire.Packet;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One hop or decision in a run. Every event names where it happened (namespace and device), what
 * kind of step it was, a one-line explanation a student can read, the packet before and after
 * the step (after is null when the step did not change it), and a typed {@link Decision} with the
 * detail (route, rule, FDB entry, drop reason...).
 *
 * <p>A value: equality, hash code and {@code toString} are those of a record with these
 * components. The explanation, and the decision, may be given as a {@link Supplier} that is called
 * the first time a consumer asks for it (then kept), so a run whose listeners never read them does
 * not build their strings. Emitters pass a supplier only over values that never change afterwards
 * (packets, records, strings, numbers copied into locals), so the result is the same whenever it
 * is built.
 *
 * @param seq        position in the run's event order (0, 1, 2, ...)
 * @param time       simulated time in nanoseconds
 * @param packetId   the {@code PacketBuffer} id, or -1 for control-plane events
 * @param flow       traffic item name, or null
 * @param namespace  the network namespace (a node or a pod), e.g. {@code node1} or {@code frontend-abcde}
 * @param device     interface or component, e.g. {@code eth0}, {@code cni0}, {@code flannel.1}, {@code netfilter}
 */
public final class TraceEvent {
    private final long seq;
    private final long time;
    private final long packetId;
    private final String flow;
    private final String namespace;
    private final String device;
    private final EventKind kind;
    private final Packet before;
    private final Packet after;
    private Decision decision;
    private Supplier<? extends Decision> lazyDecision;
    private final CpuCost cpu;
    private Supplier<String> lazyExplanation;
    private String explanation;

    public TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device, EventKind kind,
                      String explanation, Packet before, Packet after, Decision decision) {
        this(seq, time, packetId, flow, namespace, device, kind, explanation, null, before, after, decision, null);
    }

    /** An event that charged CPU ({@code cpu} null when it charged nothing). */
    public TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device, EventKind kind,
                      String explanation, Packet before, Packet after, Decision decision, CpuCost cpu) {
        this(seq, time, packetId, flow, namespace, device, kind, explanation, null, before, after, decision, cpu);
    }

    /** An event whose explanation is built by {@code explanation} when first asked for. */
    public TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device, EventKind kind,
                      Supplier<String> explanation, Packet before, Packet after, Decision decision) {
        this(seq, time, packetId, flow, namespace, device, kind, null, explanation, before, after, decision, null);
    }

    /** An event whose explanation is built when first asked for, and that charged {@code cpu}. */
    public TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device, EventKind kind,
                      Supplier<String> explanation, Packet before, Packet after, Decision decision, CpuCost cpu) {
        this(seq, time, packetId, flow, namespace, device, kind, null, explanation, before, after, decision, cpu);
    }

    /**
     * An event whose explanation and decision are both built when first asked for ({@code decision}
     * may return null: no decision), and that charged {@code cpu} (or null).
     */
    public TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device, EventKind kind,
                      Supplier<String> explanation, Packet before, Packet after, Supplier<? extends Decision> decision,
                      CpuCost cpu) {
        this(seq, time, packetId, flow, namespace, device, kind, null, explanation, before, after, null, cpu);
        this.lazyDecision = Objects.requireNonNull(decision, "decision supplier");
    }

    private TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device,
                       EventKind kind, String explanation, Supplier<String> lazyExplanation, Packet before,
                       Packet after, Decision decision, CpuCost cpu) {
        if (kind == null || (explanation == null && lazyExplanation == null)) {
            throw new IllegalArgumentException("trace events need a kind and an explanation");
        }
        this.seq = seq;
        this.time = time;
        this.packetId = packetId;
        this.flow = flow;
        this.namespace = namespace;
        this.device = device;
        this.kind = kind;
        this.explanation = explanation;
        this.lazyExplanation = lazyExplanation;
        this.before = before;
        this.after = after;
        this.decision = decision;
        this.cpu = cpu;
    }

    public long seq() {
        return seq;
    }

    public long time() {
        return time;
    }

    public long packetId() {
        return packetId;
    }

    public String flow() {
        return flow;
    }

    public String namespace() {
        return namespace;
    }

    public String device() {
        return device;
    }

    public EventKind kind() {
        return kind;
    }

    /** The one-line explanation (built now if it was given as a supplier and not asked for yet). */
    public String explanation() {
        String e = explanation;
        if (e == null) {
            e = Objects.requireNonNull(lazyExplanation.get(), "explanation supplier returned null");
            explanation = e;
            lazyExplanation = null;
        }
        return e;
    }

    public Packet before() {
        return before;
    }

    public Packet after() {
        return after;
    }

    /** The decision, or null (built now if it was given as a supplier and not asked for yet). */
    public Decision decision() {
        Supplier<? extends Decision> lazy = lazyDecision;
        if (lazy != null) {
            decision = lazy.get();
            lazyDecision = null;
        }
        return decision;
    }

    /**
     * The CPU the step ran on, its wait and what it charged under the run's cost profile; null when
     * the step charged nothing (always null with the wire-only profile).
     */
    public CpuCost cpu() {
        return cpu;
    }

    /** {@code namespace/device}, the form used in expectation paths. */
    public String location() {
        return device == null ? namespace : namespace + "/" + device;
    }

    /** The packet as it is after this step. */
    public Packet packet() {
        return after != null ? after : before;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TraceEvent e)) {
            return false;
        }
        return seq == e.seq && time == e.time && packetId == e.packetId && Objects.equals(flow, e.flow)
                && Objects.equals(namespace, e.namespace) && Objects.equals(device, e.device) && kind == e.kind
                && explanation().equals(e.explanation()) && Objects.equals(before, e.before)
                && Objects.equals(after, e.after) && Objects.equals(decision(), e.decision()) && Objects.equals(cpu, e.cpu);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, time, packetId, flow, namespace, device, kind, explanation(), before, after,
                decision(), cpu);
    }

    @Override
    public String toString() {
        return "TraceEvent[seq=" + seq + ", time=" + time + ", packetId=" + packetId + ", flow=" + flow
                + ", namespace=" + namespace + ", device=" + device + ", kind=" + kind + ", explanation="
                + explanation() + ", before=" + before + ", after=" + after + ", decision=" + decision() + ", cpu=" + cpu + "]";
    }
}
