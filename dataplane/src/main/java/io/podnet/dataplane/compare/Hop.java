package io.podnet.dataplane.compare;

import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;

/**
 * The facts about one packet at one interface that both sides can state: the innermost addresses,
 * destination port and TTL, the frame length, and the outer headers when it is encapsulated.
 *
 * @param location {@code namespace/device}
 * @param length   frame length on the wire
 * @param tunnel   the encapsulation, or null
 */
public record Hop(String location, String src, String dst, int dport, int ttl, int length, Tunnel tunnel) {
    /**
     * VXLAN outer headers seen on a hop.
     *
     * @param innerLength length of the encapsulated Ethernet frame
     */
    public record Tunnel(String type, String src, String dst, int port, int vni, int ttl, int innerLength) {
        public int overhead(int outerLength) {
            return outerLength - innerLength;
        }
    }

    public static Hop of(String location, Packet p, int length) {
        return of(location, p, length, null);
    }

    /**
     * Like {@link #of(String, Packet, int)}, but takes the encapsulated frame's length from the raw
     * bytes when given (decoding normalises TCP options, so a re-encoded inner frame can be shorter
     * than the one on the wire).
     */
    public static Hop of(String location, Packet p, int length, byte[] raw) {
        Ipv4Header ip = p.last(Ipv4Header.class);
        int dport = -1;
        TcpHeader t = p.last(TcpHeader.class);
        UdpHeader u = p.last(UdpHeader.class);
        int ipIdx = p.headers().lastIndexOf(ip);
        if (t != null && p.headers().indexOf(t) > ipIdx) {
            dport = t.dstPort();
        } else if (u != null && p.headers().indexOf(u) > ipIdx) {
            dport = u.dstPort();
        }
        Tunnel tunnel = null;
        int vx = p.indexOf(VxlanHeader.class, 0);
        if (vx > 0) {
            Ipv4Header outer = p.first(Ipv4Header.class);
            UdpHeader ou = p.first(UdpHeader.class);
            tunnel = new Tunnel("vxlan", outer.src().toString(), outer.dst().toString(), ou.dstPort(),
                    ((VxlanHeader) p.header(vx)).vni(), outer.ttl(), raw == null ? p.lengthFrom(vx + 1) : innerLength(raw, length));
        }
        return new Hop(location, ip == null ? null : ip.src().toString(), ip == null ? null : ip.dst().toString(), dport,
                ip == null ? -1 : ip.ttl(), length, tunnel);
    }

    private static int innerLength(byte[] raw, int length) {
        int ihl = (raw[14] & 0x0f) * 4;
        return length - (14 + ihl + UdpHeader.LENGTH + VxlanHeader.LENGTH);
    }

    /** What a reader sees: {@code 10.244.1.2 > 10.96.0.10:80 ttl 64 len 74 [vxlan 172.18.0.11 > 172.18.0.12:8472 vni 1]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(src).append(" > ").append(dst);
        if (dport >= 0) {
            sb.append(':').append(dport);
        }
        sb.append(" ttl ").append(ttl).append(" len ").append(length);
        if (tunnel != null) {
            sb.append(" [").append(tunnel.type()).append(' ').append(tunnel.src()).append(" > ").append(tunnel.dst())
                    .append(':').append(tunnel.port()).append(" vni ").append(tunnel.vni()).append(" +")
                    .append(tunnel.overhead(length)).append("B]");
        }
        return sb.toString();
    }

    /**
     * The first packet of an attempt: a TCP SYN without ACK, a UDP datagram from the client port, or
     * an ICMP echo request. {@code srcPort} &lt; 0 accepts any client port.
     */
    public static boolean initial(Packet p, String transport, int srcPort) {
        if (p == null) {
            return false;
        }
        Ipv4Header ip = p.last(Ipv4Header.class);
        if (ip == null) {
            return false;
        }
        int ipIdx = p.headers().lastIndexOf(ip);
        switch (transport) {
            case "tcp": {
                TcpHeader t = p.last(TcpHeader.class);
                return t != null && p.headers().indexOf(t) > ipIdx && t.has(TcpHeader.SYN) && !t.has(TcpHeader.ACK)
                        && (srcPort < 0 || t.srcPort() == srcPort);
            }
            case "udp": {
                UdpHeader u = p.last(UdpHeader.class);
                return u != null && p.headers().indexOf(u) > ipIdx && (srcPort < 0 || u.srcPort() == srcPort);
            }
            default: {
                IcmpHeader c = p.last(IcmpHeader.class);
                return c != null && p.headers().indexOf(c) > ipIdx && c.type() == IcmpHeader.ECHO_REQUEST;
            }
        }
    }

    /** The key that tells attempts apart: the client port, or the ICMP sequence number. */
    public static int attemptKey(Packet p, String transport) {
        switch (transport) {
            case "tcp":
                return p.last(TcpHeader.class).srcPort();
            case "udp":
                return p.last(UdpHeader.class).srcPort();
            default:
                return p.last(IcmpHeader.class).sequence();
        }
    }
}
