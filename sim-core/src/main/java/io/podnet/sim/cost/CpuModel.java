package io.podnet.sim.cost;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPUs of every kernel in a run and what the steps charge to them. A kernel is a node together
 * with its pods (namespaces name their node as owner); it has {@code cpus} CPUs, each a FIFO
 * processing queue ({@code busyUntil}).
 *
 * <p>A step is charged on a CPU chosen as the kernel does: a socket's own CPU for what a process
 * does (send, and the transmit path down to a queue or device boundary); otherwise the CPU the
 * current work already runs on (the engine's context, inherited by the events it schedules: a veth
 * transmit is processed on the sender's CPU as {@code netif_rx} does); and when work enters another
 * kernel (a frame from the wire) the CPU RSS picks by the packet's flow hash. The charge waits
 * until the CPU is free, then takes the step's cost: {@link Engine#consume} moves the running
 * event's clock by wait + cost, so what it traces and schedules afterwards happens later.
 *
 * <p>Charges are attached to the next trace event the same engine event emits ({@link #drainPending}).
 * Under a wire-only profile nothing is charged and the engine is never touched.
 */
public final class CpuModel {
    private final CostProfile profile;
    private final Engine engine;
    private final boolean enabled;
    private final Map<String, Kernel> kernels = new HashMap<>();
    private final Map<String, Integer> cpusByNode = new HashMap<>();
    private final List<StepCharge> pending = new ArrayList<>();
    private String pendingNode;
    private int pendingCpu;
    private long pendingWait;
    private long pendingEvent = -1;
    private boolean keepPending;
    private SeededRandoms randoms = new SeededRandoms(0);

    /** The current CPU of an engine event (the engine's context). */
    private record Ctx(Kernel kernel, int cpu) {}

    private static final class Kernel {
        final String node;
        final long[] busyUntil;
        final long[] busy;
        final long[] stepNanos = new long[CostStep.values().length];
        final long[] stepCounts = new long[CostStep.values().length];
        long wait;
        int nextSocketCpu;
        /** Draws each charge's factor when the profile's charges vary; null otherwise. */
        CostVariation.Sampler variation;

        Kernel(String node, int cpus) {
            this.node = node;
            this.busyUntil = new long[cpus];
            this.busy = new long[cpus];
        }
    }

    public CpuModel(CostProfile profile, Engine engine) {
        if (profile == null || engine == null) {
            throw new IllegalArgumentException("a CPU model needs a profile and an engine");
        }
        this.profile = profile;
        this.engine = engine;
        this.enabled = !profile.isWireOnly();
    }

    /** A model that charges nothing (the wire-only profile). */
    public static CpuModel none(Engine engine) {
        return new CpuModel(CostProfile.wireOnly(), engine);
    }

    public CostProfile profile() {
        return profile;
    }

    /** False under a wire-only profile: every charge is a no-op. */
    public boolean enabled() {
        return enabled;
    }

    /** Gives {@code node}'s kernel {@code cpus} CPUs (default: the profile's cpusPerNode). Call before the run. */
    public void setCpus(String node, int cpus) {
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("a node has 1..4096 CPUs, " + node + " was given " + cpus);
        }
        if (kernels.containsKey(node)) {
            throw new IllegalStateException("the CPUs of " + node + " are already in use");
        }
        cpusByNode.put(node, cpus);
    }

    /**
     * The run's random streams: when the profile's charges vary ({@link CostProfile#variation()}), each
     * kernel draws its factors from stream {@code cpu-variation/NODE}. Call before the run (without it,
     * seed 0's streams are used).
     */
    public void setRandoms(SeededRandoms randoms) {
        if (randoms == null) {
            throw new IllegalArgumentException("randoms must not be null");
        }
        if (!kernels.isEmpty()) {
            throw new IllegalStateException("the CPU model's random streams must be set before the run");
        }
        this.randoms = randoms;
    }

    /** How deep veth receives run nested in their sender's processing (bounded, see below). */
    private int nestedReceives;

    /** Veth receives nested deeper than this are queued as events instead (no unbounded recursion). */
    static final int MAX_NESTED_RECEIVES = 16;

    /**
     * Whether a veth may hand a frame to its peer's receive path right away, inside the sender's
     * processing, as {@code netif_rx} plus the softirq run at {@code local_bh_enable} does; false when
     * the model is off (wire-only runs keep the engine's event order) or the nesting is already deep
     * (a request answered on the same kernel would otherwise recurse). Pair with
     * {@link #leaveNestedReceive()}.
     */
    public boolean enterNestedReceive() {
        if (!enabled || nestedReceives >= MAX_NESTED_RECEIVES) {
            return false;
        }
        nestedReceives++;
        return true;
    }

    public void leaveNestedReceive() {
        nestedReceives--;
    }

    /** Set by the tracer: keep charges for the next trace event (only while someone listens). */
    public void keepPendingForTrace(boolean keep) {
        this.keepPending = keep;
    }

    /** The kernel looked up last: steps come in runs on one node. */
    private Kernel lastKernel;

    private Kernel kernel(String node) {
        Kernel last = lastKernel;
        if (last != null && (last.node == node || last.node.equals(node))) {
            return last;
        }
        Kernel k = kernels.get(node);
        if (k == null) {
            k = new Kernel(node, cpusByNode.getOrDefault(node, profile.cpusPerNode()));
            if (profile.variation().active()) {
                k.variation = profile.variation().sampler(randoms.stream("cpu-variation/" + node));
            }
            kernels.put(node, k);
        }
        lastKernel = k;
        return k;
    }

    /**
     * The CPU a new socket of {@code node} runs on: the scheduler places new processes on the CPUs
     * in turn (round robin per kernel). -1 when the model is off.
     */
    public int socketCpu(String node) {
        if (!enabled) {
            return -1;
        }
        Kernel k = kernel(node);
        int c = k.nextSocketCpu;
        k.nextSocketCpu = (c + 1) % k.busyUntil.length;
        return c;
    }

    /** The CPU the running event is on in {@code node}'s kernel, or -1 when it runs elsewhere. */
    public int currentCpu(String node) {
        if (enabled && engine.context() instanceof Ctx c && c.kernel.node.equals(node)) {
            return c.cpu;
        }
        return -1;
    }

    /**
     * Charges one execution of {@code step} on {@code node} for {@code pb}, with the per-byte part
     * over {@code bytes}. A GSO/GRO follower segment pays only the per-byte part, except for the steps
     * the kernel pays per wire segment ({@link CostStep#perWireSegment()}); a follower pure ACK (one
     * the receiver sends for batched segments) pays nothing per packet: with GRO the kernel's receiver
     * acknowledges whole batches, so these ACKs would not exist.
     */
    public void charge(String node, PacketBuffer pb, CostStep step, long bytes) {
        if (!enabled) {
            return;
        }
        long count = 1;
        if (pb != null && pb.gsoFollower() && (!step.perWireSegment() || pb.packet().payloadLength() == 0)) {
            count = 0; // a batched segment; a batched pure ACK stands for one GRO'd receiver no longer sends
        }
        charge(node, -1, pb, step, count, bytes);
    }

    /**
     * Charges {@code count} executions of {@code step} over {@code bytes} bytes on {@code node}: on
     * {@code cpu} when it is >= 0 (a socket's CPU), else on the running event's CPU when it is in the
     * same kernel, else on the CPU RSS picks by {@code pb}'s flow hash.
     */
    public void charge(String node, int cpu, PacketBuffer pb, CostStep step, long count, long bytes) {
        if (!enabled) {
            return;
        }
        Kernel k = kernel(node);
        int c;
        if (cpu >= 0) {
            c = cpu % k.busyUntil.length;
        } else if (engine.context() instanceof Ctx ctx && ctx.kernel == k) {
            c = ctx.cpu;
        } else {
            c = (int) Long.remainderUnsigned(flowHash(pb == null ? null : pb.packet()), k.busyUntil.length);
        }
        if (!(engine.context() instanceof Ctx ctx2 && ctx2.kernel == k && ctx2.cpu == c)) {
            engine.setContext(new Ctx(k, c));
        }
        long nanos = profile.nanos(step, count, bytes);
        if (k.variation != null && nanos > 0) {
            nanos = Math.round(nanos * k.variation.next());
        }
        long now = engine.now();
        long start = Math.max(now, k.busyUntil[c]);
        long wait = start - now;
        k.busyUntil[c] = start + nanos;
        k.busy[c] += nanos;
        k.wait += wait;
        k.stepNanos[step.ordinal()] += nanos;
        k.stepCounts[step.ordinal()] += count;
        if (wait + nanos > 0) {
            engine.consume(wait + nanos);
        }
        if (keepPending) {
            long event = engine.executedEvents();
            if (event != pendingEvent) {
                pending.clear();
                pendingWait = 0;
                pendingEvent = event;
            }
            pending.add(new StepCharge(step, count, bytes, nanos));
            pendingNode = k.node;
            pendingCpu = c;
            pendingWait += wait;
        }
    }

    /** The charges since the last trace event of the running engine event, or null; clears them. */
    public CpuCost drainPending() {
        if (pending.isEmpty() || pendingEvent != engine.executedEvents()) {
            pending.clear();
            pendingWait = 0;
            return null;
        }
        // An immutable list (which CpuCost keeps as it is) without List.copyOf's two array copies.
        List<StepCharge> charges = switch (pending.size()) {
            case 1 -> List.of(pending.get(0));
            case 2 -> List.of(pending.get(0), pending.get(1));
            default -> List.copyOf(pending);
        };
        CpuCost c = new CpuCost(pendingNode, pendingCpu, pendingWait, charges);
        pending.clear();
        pendingWait = 0;
        return c;
    }

    /** Drops the charges since the last trace event, as {@link #drainPending} does, without building them. */
    public void discardPending() {
        pending.clear();
        pendingWait = 0;
    }

    /** Where the CPU time went so far, per kernel and step. */
    public CpuUsage usage() {
        Map<String, CpuUsage.Node> out = new TreeMap<>();
        for (Kernel k : kernels.values()) {
            List<Long> busy = new ArrayList<>();
            for (long b : k.busy) {
                busy.add(b);
            }
            EnumMap<CostStep, Long> nanos = new EnumMap<>(CostStep.class);
            EnumMap<CostStep, Long> counts = new EnumMap<>(CostStep.class);
            for (CostStep s : CostStep.values()) {
                if (k.stepNanos[s.ordinal()] != 0 || k.stepCounts[s.ordinal()] != 0) {
                    nanos.put(s, k.stepNanos[s.ordinal()]);
                    counts.put(s, k.stepCounts[s.ordinal()]);
                }
            }
            out.put(k.node, new CpuUsage.Node(k.busyUntil.length, busy, k.wait, nanos, counts));
        }
        return new CpuUsage(out);
    }

    /**
     * A flow hash of the outermost IPv4 header and its ports (what RSS hashes), deterministic; 0
     * without a packet.
     */
    public static long flowHash(Packet p) {
        if (p == null) {
            return 0;
        }
        int idx = p.indexOf(Ipv4Header.class, 0);
        if (idx < 0) {
            return 0;
        }
        Ipv4Header ip = (Ipv4Header) p.header(idx);
        long h = mix(0x9e3779b97f4a7c15L ^ ip.src().bits());
        h = mix(h ^ ip.dst().bits());
        h = mix(h ^ ip.protocol());
        Header l4 = idx + 1 < p.headerCount() ? p.header(idx + 1) : null;
        if (l4 instanceof UdpHeader u) {
            h = mix(h ^ (u.srcPort() ^ u.dstPort()));
        } else if (l4 instanceof TcpHeader t) {
            h = mix(h ^ (t.srcPort() ^ t.dstPort()));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
