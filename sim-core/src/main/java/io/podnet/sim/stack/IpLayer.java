package io.podnet.sim.stack;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.PacketBuffer;

/**
 * What a namespace's IP layer offers to the sockets above it (the socket package codes against
 * this, the stack implements it).
 */
public interface IpLayer {
    /** The namespace's name, for trace events. */
    String name();

    Engine engine();

    Tracer tracer();

    /**
     * Sends a locally generated datagram. The packet starts with its {@code Ipv4Header}; a source of
     * 0.0.0.0 is replaced by the address the route selects. Runs OUTPUT and POSTROUTING, resolves
     * the neighbour and transmits; failures are trace events (and ICMP errors to local sockets),
     * never exceptions.
     */
    void output(PacketBuffer datagram);

    /** The source address the kernel would pick for {@code dst}, or null when there is no route. */
    Ipv4Address sourceFor(Ipv4Address dst);

    /** The MTU of the route towards {@code dst} (for TCP MSS), or 0 when there is no route. */
    int mtuFor(Ipv4Address dst);

    /**
     * Records a path MTU learned from an ICMP "fragmentation needed" for {@code dst} (the kernel's
     * route exception, kept 10 minutes); {@link #mtuFor} then returns at most that value.
     */
    default void notePathMtu(Ipv4Address dst, int mtu) {
    }

    /** A new run-unique packet id. */
    long nextPacketId();

    /** Charges one execution of {@code step} for {@code pb} to the kernel's CPUs (see {@code CpuModel}). */
    default void charge(PacketBuffer pb, io.podnet.sim.cost.CostStep step, long bytes) {
    }

    /**
     * Charges {@code count} executions of {@code step} over {@code bytes} bytes on the kernel's CPU
     * {@code cpu} (a socket's CPU; -1: the current or the RSS-chosen one).
     */
    default void charge(int cpu, PacketBuffer pb, io.podnet.sim.cost.CostStep step, long count, long bytes) {
    }

    /** A CPU for a new socket of this kernel (round robin), or -1 without a CPU model. */
    default int socketCpu() {
        return -1;
    }
}
