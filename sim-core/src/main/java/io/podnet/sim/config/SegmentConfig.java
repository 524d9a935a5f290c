package io.podnet.sim.config;

import io.podnet.sim.net.Ipv4Prefix;

/**
 * An underlay L2 segment (a switch) with the properties of its links.
 *
 * @param bandwidthBitsPerSecond serialisation rate of each attached link
 * @param latencyNanos           one-way propagation delay
 * @param mtu                    the segment's MTU
 * @param queuePackets           drop-tail queue length per transmitting port
 */
public record SegmentConfig(String name, Ipv4Prefix cidr, long bandwidthBitsPerSecond, long latencyNanos, int mtu,
                            int queuePackets) {}
