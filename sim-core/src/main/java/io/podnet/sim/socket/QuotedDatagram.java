package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.IcmpQuote;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.WireException;

/**
 * The socket lookup key in what an ICMP error quotes of the datagram that caused it: its IPv4
 * header and the first 8 bytes of its transport header (RFC 792), enough to find the socket that
 * sent it. The quoted bytes themselves are an {@link IcmpQuote} (wire), which this reads.
 *
 * @param src      the quoted source (our address, when the error is for a packet we sent)
 * @param dst      the quoted destination
 * @param protocol the quoted IP protocol
 * @param srcPort  TCP/UDP source port, or the ICMP echo identifier
 * @param dstPort  TCP/UDP destination port, or the ICMP echo sequence number
 * @param tcpSeq   the quoted TCP sequence number (0 otherwise)
 */
public record QuotedDatagram(Ipv4Address src, Ipv4Address dst, int protocol, int srcPort, int dstPort, long tcpSeq) {
    /**
     * Reads the quote of an ICMP error packet that starts at its IPv4 header. The quote may be
     * carried as payload bytes (as on the wire) or, if the stack built it so, as decoded headers
     * after the ICMP header. Returns null when fewer than the IPv4 header and 8 bytes are quoted.
     */
    public static QuotedDatagram of(Packet icmpError) {
        int icmp = icmpError.indexOf(IcmpHeader.class, 0);
        if (icmp < 0) {
            return null;
        }
        if (icmp + 1 < icmpError.headerCount() && icmpError.header(icmp + 1) instanceof Ipv4Header ip) {
            Header l4 = icmp + 2 < icmpError.headerCount() ? icmpError.header(icmp + 2) : null;
            if (l4 instanceof TcpHeader t) {
                return new QuotedDatagram(ip.src(), ip.dst(), ip.protocol(), t.srcPort(), t.dstPort(), t.seq());
            }
            if (l4 instanceof UdpHeader u) {
                return new QuotedDatagram(ip.src(), ip.dst(), ip.protocol(), u.srcPort(), u.dstPort(), 0);
            }
            if (l4 instanceof SctpHeader s) {
                return new QuotedDatagram(ip.src(), ip.dst(), ip.protocol(), s.srcPort(), s.dstPort(), 0);
            }
            if (l4 instanceof IcmpHeader e) {
                return new QuotedDatagram(ip.src(), ip.dst(), ip.protocol(), e.identifier(), e.sequence(), 0);
            }
            return null;
        }
        return parse(icmpError.payload());
    }

    /**
     * Parses quoted bytes (read with {@link IcmpQuote}): an IPv4 header (any IHL) followed by at
     * least 8 bytes; null when fewer are quoted or the header is not IPv4.
     */
    public static QuotedDatagram parse(byte[] bytes) {
        IcmpQuote q;
        try {
            q = IcmpQuote.decode(bytes);
        } catch (WireException | IllegalArgumentException e) {
            return null;
        }
        if (q.transportLength() < 8) {
            return null;
        }
        Ipv4Header ip = q.ip();
        int proto = ip.protocol();
        int a = q.transportU16(0);
        int b = q.transportU16(2);
        if (proto == Ipv4Header.PROTO_TCP) {
            long seq = (long) q.transportU16(4) << 16 | q.transportU16(6);
            return new QuotedDatagram(ip.src(), ip.dst(), proto, a, b, seq);
        }
        if (proto == Ipv4Header.PROTO_UDP || proto == Ipv4Header.PROTO_SCTP) {
            return new QuotedDatagram(ip.src(), ip.dst(), proto, a, b, 0);
        }
        if (proto == Ipv4Header.PROTO_ICMP) {
            return new QuotedDatagram(ip.src(), ip.dst(), proto, q.transportU16(4), q.transportU16(6), 0);
        }
        return new QuotedDatagram(ip.src(), ip.dst(), proto, 0, 0, 0);
    }

    /** {@code TCP 10.244.1.2:40312 > 10.96.0.10:80}. */
    public String describe() {
        String p = Ipv4Header.protocolName(protocol).toUpperCase(java.util.Locale.ROOT);
        if (protocol == Ipv4Header.PROTO_ICMP) {
            return "ICMP echo " + src + " > " + dst + " id " + srcPort + " seq " + dstPort;
        }
        return p + " " + src + ":" + srcPort + " > " + dst + ":" + dstPort;
    }
}
