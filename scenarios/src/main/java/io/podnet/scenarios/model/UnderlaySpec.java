package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * The L2/L3 network the nodes share.
 *
 * @param bandwidthBitsPerSecond link rate (default 10Gbit)
 * @param latencyNanos           one-way link latency (default 50us)
 * @param queuePackets           drop-tail queue per port (default 1000)
 */
public record UnderlaySpec(Ipv4Prefix cidr, SourceLocation cidrLocation, int mtu, long bandwidthBitsPerSecond,
                           long latencyNanos, int queuePackets) {
    public static final String DEFAULT_CIDR = "172.18.0.0/24";
}
