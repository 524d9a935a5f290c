package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * The network the nodes share: one L2 segment ({@code cidr}), or with {@code subnets} several L3
 * subnets (racks), each behind its own router, the routers joined by a core segment ({@code cidr}).
 *
 * @param cidr                   the single segment, or with subnets the core joining the routers
 * @param bandwidthBitsPerSecond link rate (default 10Gbit)
 * @param latencyNanos           one-way link latency (default 50us)
 * @param queuePackets           drop-tail queue per port (default 1000)
 * @param subnets                the racks, in order (empty: one segment)
 */
public record UnderlaySpec(Ipv4Prefix cidr, SourceLocation cidrLocation, int mtu, long bandwidthBitsPerSecond,
                           long latencyNanos, int queuePackets, List<Subnet> subnets) {
    public static final String DEFAULT_CIDR = "172.18.0.0/24";
    /** The default core segment of an underlay with subnets. */
    public static final String DEFAULT_CORE_CIDR = "10.255.0.0/24";

    public UnderlaySpec {
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
    }

    /** One rack: a name (its router is {@code tor-NAME}) and its subnet. */
    public record Subnet(String name, Ipv4Prefix cidr, SourceLocation location, SourceLocation cidrLocation) {}

    /** The subnet called {@code name}, or null. */
    public Subnet subnet(String name) {
        for (Subnet s : subnets) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Whether the underlay has several subnets. */
    public boolean routed() {
        return !subnets.isEmpty();
    }
}
