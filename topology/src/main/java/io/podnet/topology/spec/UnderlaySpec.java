package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * The L2 segment the nodes share (one switch, like kind's docker bridge).
 *
 * <p>Address plan: the first usable address ({@code .1}) is the segment's gateway, as docker's
 * bridge is for kind; nodes without an explicit address take {@code .2}, {@code .3}, ... in node
 * order, skipping addresses given explicitly to other nodes. Every node gets a default route via the
 * gateway (see {@link #gateway()}), which is also what makes a ClusterIP reachable from a node's own
 * namespace (routing happens before OUTPUT DNAT).
 *
 * @param cidr                   the segment's prefix, e.g. {@code 172.18.0.0/16}
 * @param mtu                    the segment MTU (node {@code eth0})
 * @param bandwidthBitsPerSecond serialisation rate of each link
 * @param latencyNanos           one-way propagation delay
 * @param queuePackets           drop-tail queue per transmitting port
 */
public record UnderlaySpec(Ipv4Prefix cidr, int mtu, long bandwidthBitsPerSecond, long latencyNanos,
                           int queuePackets) {
    /** kind's network: 172.18.0.0/16, MTU 1500, 10 Gbit/s, 50 µs, 1000 packets (txqueuelen). */
    public static final UnderlaySpec KIND = new UnderlaySpec(Ipv4Prefix.parse("172.18.0.0/16"), 1500,
            10_000_000_000L, 50_000L, 1000);

    public UnderlaySpec {
        if (cidr == null) {
            throw new IllegalArgumentException("underlay CIDR is missing");
        }
        cidr = cidr.canonical();
        if (cidr.length() > 30) {
            throw new IllegalArgumentException("underlay CIDR " + cidr + " is too small: it needs a gateway and "
                    + "at least one node (use /30 or larger)");
        }
        if (mtu < 576 || mtu > 65535) {
            throw new IllegalArgumentException("underlay MTU must be 576-65535, was " + mtu);
        }
        if (bandwidthBitsPerSecond <= 0) {
            throw new IllegalArgumentException("underlay bandwidth must be positive, was " + bandwidthBitsPerSecond);
        }
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("underlay latency must not be negative, was " + latencyNanos);
        }
        if (queuePackets <= 0) {
            throw new IllegalArgumentException("underlay queue must be positive, was " + queuePackets);
        }
    }

    /** The gateway every node routes its default traffic to: the first usable address. */
    public Ipv4Address gateway() {
        return cidr.host(1);
    }
}
