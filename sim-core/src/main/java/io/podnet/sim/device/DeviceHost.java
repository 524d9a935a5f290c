package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;

/** What a device needs from the namespace that holds it (implemented by the namespace). */
public interface DeviceHost {
    /** The namespace name, used in trace events. */
    String name();

    /** The kernel (node) the namespace runs in, for the CPU model; its own name by default. */
    default String kernel() {
        return name();
    }

    Engine engine();

    Tracer tracer();

    /** A new run-unique packet id (for ARP, flooded copies, ICMP errors). */
    long nextPacketId();

    /** True while the namespace is up (a failed node drops everything). */
    boolean isUp();

    /** L2 input: a frame received by {@code dev} that no bridge took (ARP and IPv4 handling). */
    void receiveFrame(NetDevice dev, PacketBuffer frame);

    /**
     * Sends a locally generated datagram (starting with its {@code Ipv4Header}) through the
     * namespace's IP output path: routing, OUTPUT, POSTROUTING, neighbour, device. Used by tunnels.
     */
    void outputDatagram(PacketBuffer datagram);

    /**
     * Sends an ICMP error about {@code about} (a datagram starting with its IPv4 header) to its
     * source, as the kernel's {@code icmp_send} / {@code icmp_ndo_send} from a device.
     */
    default void icmpError(PacketBuffer about, int type, int code, int rest) {
    }

    /** The MTU of the device the route to {@code dst} leaves through (0 without a route). */
    default int mtuFor(Ipv4Address dst) {
        return 0;
    }

    /** The source address the namespace would pick for {@code dst}, or null without a route. */
    Ipv4Address sourceFor(Ipv4Address dst);

    /**
     * Fires one trace event located at {@code namespace/device}, its explanation built only when a
     * listener reads it ({@code explanation} must depend only on values that do not change later).
     */
    default void trace(PacketBuffer pb, String device, EventKind kind, java.util.function.Supplier<String> explanation,
                       Packet before, Packet after, Decision decision) {
        Tracer t = tracer();
        if (t.enabled()) {
            t.emit(pb == null ? -1 : pb.id(), pb == null ? null : pb.flow(), name(), device, kind, explanation, before,
                    after, decision);
        }
    }

    /**
     * As {@link #trace(PacketBuffer, String, EventKind, java.util.function.Supplier, Packet, Packet, Decision)},
     * with the decision built too only when a listener reads it (both suppliers must depend only on
     * values that do not change later: copy mutable state into locals first).
     */
    default void traceLazy(PacketBuffer pb, String device, EventKind kind, java.util.function.Supplier<String> explanation,
                           Packet before, Packet after, java.util.function.Supplier<? extends Decision> decision) {
        Tracer t = tracer();
        if (t.enabled()) {
            t.emitLazy(pb == null ? -1 : pb.id(), pb == null ? null : pb.flow(), name(), device, kind, explanation,
                    before, after, decision);
        }
    }

    /**
     * Charges one execution of {@code step} for {@code pb} (per-byte part over {@code bytes}) to this
     * namespace's kernel CPUs (see {@code io.podnet.sim.cost.CpuModel}). Does nothing by default.
     */
    default void charge(PacketBuffer pb, CostStep step, long bytes) {
    }

    /** Fires one trace event located at {@code namespace/device}. */
    default void trace(PacketBuffer pb, String device, EventKind kind, String explanation, Packet before, Packet after,
                       Decision decision) {
        Tracer t = tracer();
        if (t.enabled()) {
            t.emit(pb == null ? -1 : pb.id(), pb == null ? null : pb.flow(), name(), device, kind, explanation, before,
                    after, decision);
        }
    }
}
