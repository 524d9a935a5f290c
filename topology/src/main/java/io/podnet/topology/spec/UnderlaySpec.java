package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The underlay: by default one L2 segment the nodes share (one switch, like kind's docker bridge);
 * with {@code racks}, a routed underlay of several L3 subnets.
 *
 * <p>Address plan: the first usable address ({@code .1}) is the segment's gateway, as docker's
 * bridge is for kind; nodes without an explicit address take {@code .2}, {@code .3}, ... in node
 * order, skipping addresses given explicitly to other nodes. Every node gets a default route via the
 * gateway (see {@link #gateway()}), which is also what makes a ClusterIP reachable from a node's own
 * namespace (routing happens before OUTPUT DNAT).
 *
 * <p>Routed underlay (non-empty {@code racks}): each rack is its own segment and subnet behind a
 * top-of-rack router {@code tor-RACK} (see {@link RackSpec}); {@code cidr} is then the core segment
 * joining the routers (router {@code i} takes host {@code i+1}), which must not overlap a rack. Every
 * node must be in exactly one rack. The routers route between the racks with static routes.
 *
 * @param cidr                   the segment's prefix, e.g. {@code 172.18.0.0/16} (with racks: the core)
 * @param mtu                    the segment MTU (node {@code eth0})
 * @param bandwidthBitsPerSecond serialisation rate of each link
 * @param latencyNanos           one-way propagation delay
 * @param queuePackets           drop-tail queue per transmitting port
 * @param racks                  the racks of a routed underlay, or empty for one segment
 * @param origin                 where the underlay was written (field {@code cidr})
 */
public record UnderlaySpec(Ipv4Prefix cidr, int mtu, long bandwidthBitsPerSecond, long latencyNanos,
                           int queuePackets, List<RackSpec> racks, Origin origin) {
    /** kind's network: 172.18.0.0/16, MTU 1500, 10 Gbit/s, 50 µs, 1000 packets (txqueuelen). */
    public static final UnderlaySpec KIND = new UnderlaySpec(Ipv4Prefix.parse("172.18.0.0/16"), 1500,
            10_000_000_000L, 50_000L, 1000);

    /**
     * Checks each value on its own; how the ranges fit together (size, racks) is {@link #check()}'s,
     * which {@link ClusterSpec} calls, so that a reader can hold an underlay it has yet to report on.
     */
    public UnderlaySpec {
        if (cidr == null) {
            throw new IllegalArgumentException("underlay CIDR is missing");
        }
        cidr = cidr.canonical();
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
        racks = racks == null ? List.of() : List.copyOf(racks);
        origin = origin == null ? Origin.NONE : origin;
    }

    /** An underlay written in code, checked at once ({@link #check()}). */
    public UnderlaySpec(Ipv4Prefix cidr, int mtu, long bandwidthBitsPerSecond, long latencyNanos, int queuePackets,
                        List<RackSpec> racks) {
        this(cidr, mtu, bandwidthBitsPerSecond, latencyNanos, queuePackets, racks, Origin.NONE);
        check();
    }

    /**
     * Checks the ranges together: the segment holds a gateway and a node; racks are valid, named
     * once, disjoint from each other and from the core, each node in at most one; the core has an
     * address for every rack router.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public void check() {
        if (cidr.length() > 30) {
            throw new IllegalArgumentException("underlay CIDR " + cidr + " is too small: it needs a gateway and "
                    + "at least one node (use /30 or larger)");
        }
        Set<String> names = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < racks.size(); i++) {
            RackSpec r = racks.get(i);
            r.check();
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("rack " + r.name() + " is declared twice");
            }
            if (r.cidr().overlaps(cidr)) {
                throw new IllegalArgumentException("rack " + r.name() + " subnet " + r.cidr() + " overlaps the core segment "
                        + cidr + " that joins the rack routers; choose disjoint ranges (e.g. core 10.255.0.0/24)");
            }
            for (int j = 0; j < i; j++) {
                if (racks.get(j).cidr().overlaps(r.cidr())) {
                    throw new IllegalArgumentException("racks " + racks.get(j).name() + " (" + racks.get(j).cidr() + ") and "
                            + r.name() + " (" + r.cidr() + ") overlap; give each rack its own subnet");
                }
            }
            for (String n : r.nodes()) {
                if (!nodes.add(n)) {
                    throw new IllegalArgumentException("node " + n + " is listed in more than one rack");
                }
            }
        }
        if (racks.size() > 0 && cidr.size() - 2 < racks.size()) {
            throw new IllegalArgumentException("the core segment " + cidr + " has too few addresses for " + racks.size()
                    + " rack routers");
        }
    }

    /** One segment, no racks (the original form). */
    public UnderlaySpec(Ipv4Prefix cidr, int mtu, long bandwidthBitsPerSecond, long latencyNanos, int queuePackets) {
        this(cidr, mtu, bandwidthBitsPerSecond, latencyNanos, queuePackets, List.of());
    }

    /** The same underlay with racks ({@code cidr} becomes the core segment). */
    public UnderlaySpec withRacks(List<RackSpec> r) {
        UnderlaySpec u = new UnderlaySpec(cidr, mtu, bandwidthBitsPerSecond, latencyNanos, queuePackets, r, origin);
        u.check();
        return u;
    }

    /** Whether the underlay is routed (has racks). */
    public boolean routed() {
        return !racks.isEmpty();
    }

    /** The rack holding a node, or null. */
    public RackSpec rackOf(String node) {
        for (RackSpec r : racks) {
            if (r.nodes().contains(node)) {
                return r;
            }
        }
        return null;
    }

    /** The gateway every node routes its default traffic to: the first usable address (single segment). */
    public Ipv4Address gateway() {
        return cidr.host(1);
    }
}
