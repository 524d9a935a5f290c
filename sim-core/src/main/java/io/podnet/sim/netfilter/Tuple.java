package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;

/**
 * A conntrack tuple: protocol, addresses and the per-protocol part. For TCP/UDP the ports; for ICMP
 * {@code srcPort} holds the echo identifier and {@code dstPort} holds {@code type << 8 | code}, as the
 * kernel keys ICMP by id, type and code. Other protocols have zero ports.
 */
public record Tuple(int protocol, int src, int dst, int srcPort, int dstPort) {
    /** The tuple of a packet travelling the other way (ICMP requests invert to their replies). */
    public Tuple invert() {
        if (protocol == 1) {
            int t = invertIcmpType(dstPort >>> 8);
            return new Tuple(1, dst, src, srcPort, t << 8 | (dstPort & 0xff));
        }
        return new Tuple(protocol, dst, src, dstPort, srcPort);
    }

    /** The reply type of an ICMP query type, or -1 when the type cannot be tracked. */
    static int invertIcmpType(int type) {
        return switch (type) {
            case 8 -> 0;
            case 0 -> 8;
            case 13 -> 14;
            case 14 -> 13;
            case 15 -> 16;
            case 16 -> 15;
            case 17 -> 18;
            case 18 -> 17;
            default -> -1;
        };
    }

    public Ipv4Address srcAddress() {
        return new Ipv4Address(src);
    }

    public Ipv4Address dstAddress() {
        return new Ipv4Address(dst);
    }

    boolean hasPorts() {
        return protocol == 6 || protocol == 17 || protocol == 132;
    }

    /** {@code 10.0.0.1:40000} (or the bare address where there are no ports). */
    public String srcEndpoint() {
        return hasPorts() ? srcAddress() + ":" + srcPort : srcAddress().toString();
    }

    public String dstEndpoint() {
        return hasPorts() ? dstAddress() + ":" + dstPort : dstAddress().toString();
    }

    static String protocolName(int p) {
        return switch (p) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 132 -> "sctp";
            case 47 -> "gre";
            default -> "unknown";
        };
    }

    /** The key=value form {@code conntrack -L} prints for one direction. */
    public String conntrackText() {
        StringBuilder sb = new StringBuilder("src=").append(srcAddress()).append(" dst=").append(dstAddress());
        if (hasPorts()) {
            sb.append(" sport=").append(srcPort).append(" dport=").append(dstPort);
        } else if (protocol == 1) {
            sb.append(" type=").append(dstPort >>> 8).append(" code=").append(dstPort & 0xff).append(" id=").append(srcPort);
        }
        return sb.toString();
    }

    /** {@code tcp 10.0.0.1:40000 -> 10.96.0.10:80}. */
    @Override
    public String toString() {
        String s = protocolName(protocol) + " " + srcEndpoint() + " -> " + dstEndpoint();
        return protocol == 1 ? s + " id " + srcPort : s;
    }
}
