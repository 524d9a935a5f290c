package io.podnet.sim.trace;

import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.wire.Packet;

/**
 * One hop or decision in a run. Every event names where it happened (namespace and device), what
 * kind of step it was, a one-line explanation a student can read, the packet before and after
 * the step (after is null when the step did not change it), and a typed {@link Decision} with the
 * detail (route, rule, FDB entry, drop reason...).
 *
 * @param seq        position in the run's event order (0, 1, 2, ...)
 * @param time       simulated time in nanoseconds
 * @param packetId   the {@code PacketBuffer} id, or -1 for control-plane events
 * @param flow       traffic item name, or null
 * @param namespace  the network namespace (a node or a pod), e.g. {@code node1} or {@code frontend-abcde}
 * @param device     interface or component, e.g. {@code eth0}, {@code cni0}, {@code flannel.1}, {@code netfilter}
 * @param cpu        the CPU the step ran on, its wait and what it charged under the run's cost profile;
 *                   null when the step charged nothing (always null with the wire-only profile)
 */
public record TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device,
                         EventKind kind, String explanation, Packet before, Packet after, Decision decision,
                         CpuCost cpu) {
    public TraceEvent {
        if (kind == null || explanation == null) {
            throw new IllegalArgumentException("trace events need a kind and an explanation");
        }
    }

    /** An event that charged no CPU. */
    public TraceEvent(long seq, long time, long packetId, String flow, String namespace, String device,
                      EventKind kind, String explanation, Packet before, Packet after, Decision decision) {
        this(seq, time, packetId, flow, namespace, device, kind, explanation, before, after, decision, null);
    }

    /** {@code namespace/device}, the form used in expectation paths. */
    public String location() {
        return device == null ? namespace : namespace + "/" + device;
    }

    /** The packet as it is after this step. */
    public Packet packet() {
        return after != null ? after : before;
    }
}
