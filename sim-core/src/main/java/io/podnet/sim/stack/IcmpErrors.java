package io.podnet.sim.stack;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.IcmpQuote;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;

/** Builds the ICMP errors and TCP resets the stack sends, as the kernel lays them out. */
public final class IcmpErrors {
    /** An ICMP error is at most 576 bytes: 20 (IP) + 8 (ICMP) + 548 bytes of the offending datagram. */
    public static final int MAX_QUOTE = IcmpQuote.LINUX_ERROR_LIMIT - Ipv4Header.LENGTH - IcmpHeader.LENGTH;
    /** TOS of ICMP errors: IPTOS_PREC_INTERNETCONTROL. */
    public static final int ERROR_TOS = 0xc0;
    public static final int TTL = 64;

    private IcmpErrors() {}

    /**
     * True when RFC 1122 and the kernel allow an error about this datagram: not about an ICMP
     * error, not about a non-first fragment, not from an unspecified, broadcast or multicast source.
     */
    public static boolean mayReplyTo(Packet datagram) {
        Ipv4Header ip = datagram.first(Ipv4Header.class);
        if (ip == null || ip.fragmentOffset() != 0) {
            return false;
        }
        Ipv4Address s = ip.src();
        if (s.bits() == 0 || s.isBroadcast() || s.isMulticast() || ip.dst().isMulticast() || ip.dst().isBroadcast()) {
            return false;
        }
        if (ip.protocol() == Ipv4Header.PROTO_ICMP) {
            IcmpHeader c = datagram.first(IcmpHeader.class);
            return c != null && !c.isError();
        }
        return true;
    }

    /**
     * The error datagram (IPv4 + ICMP + quoted original), from {@code src} back to the original
     * sender: the quote and outer header are {@link IcmpQuote#linux} / {@link IcmpQuote#errorDatagram}
     * (at most {@link #MAX_QUOTE} quoted bytes; TOS {@link #ERROR_TOS} plus the original's TOS bits,
     * as {@code __icmp_send} does).
     */
    public static Packet error(Packet datagram, Ipv4Address src, int id, int type, int code, int rest) {
        return error(datagram, src, id, new IcmpHeader(type, code, rest));
    }

    /** As {@link #error(Packet, Ipv4Address, int, int, int, int)} with the ICMP header given whole. */
    public static Packet error(Packet datagram, Ipv4Address src, int id, IcmpHeader icmp) {
        int ipIndex = datagram.indexOf(Ipv4Header.class, 0);
        return IcmpQuote.linux(datagram, ipIndex, IcmpQuote.LINUX_ERROR_LIMIT).errorDatagram(src, icmp, id & 0xffff, TTL);
    }

    /**
     * The RST the REJECT target sends for {@code --reject-with tcp-reset} ({@code nf_send_reset}):
     * addresses and ports swapped; if the segment had ACK, seq = its ack; else RST|ACK acknowledging
     * its sequence space. DF set, TTL 64. Returns null for a datagram that is not TCP or is a RST.
     */
    public static Packet tcpReset(Packet datagram, int id) {
        Ipv4Header ip = datagram.first(Ipv4Header.class);
        TcpHeader t = datagram.first(TcpHeader.class);
        if (ip == null || t == null || t.has(TcpHeader.RST) || ip.isFragment()) {
            return null;
        }
        int idx = datagram.indexOf(TcpHeader.class, 0);
        int dataLen = datagram.lengthFrom(idx) - t.encodedLength();
        TcpHeader rst;
        if (t.has(TcpHeader.ACK)) {
            rst = TcpHeader.of(t.dstPort(), t.srcPort(), t.ack(), 0, TcpHeader.RST, 0);
        } else {
            long ack = (t.seq() + dataLen + (t.has(TcpHeader.SYN) ? 1 : 0) + (t.has(TcpHeader.FIN) ? 1 : 0)) & 0xffffffffL;
            rst = TcpHeader.of(t.dstPort(), t.srcPort(), 0, ack, TcpHeader.RST | TcpHeader.ACK, 0);
        }
        Ipv4Header h = new Ipv4Header(0, id & 0xffff, true, false, 0, TTL, Ipv4Header.PROTO_TCP, ip.dst(), ip.src());
        return new Packet(java.util.List.<Header>of(h, rst), null);
    }

    /** The ICMP type/code for an iptables {@code --reject-with} name; null for tcp-reset or unknown. */
    public static int[] rejectCode(String rejectWith) {
        String r = rejectWith == null ? "icmp-port-unreachable" : rejectWith;
        return switch (r) {
            case "icmp-net-unreachable", "net-unreach" -> new int[] {3, 0};
            case "icmp-host-unreachable", "host-unreach" -> new int[] {3, 1};
            case "icmp-proto-unreachable", "prot-unreach" -> new int[] {3, 2};
            case "icmp-port-unreachable", "port-unreach" -> new int[] {3, 3};
            case "icmp-net-prohibited", "net-prohib" -> new int[] {3, 9};
            case "icmp-host-prohibited", "host-prohib" -> new int[] {3, 10};
            case "icmp-admin-prohibited", "admin-prohib" -> new int[] {3, 13};
            default -> null;
        };
    }
}
