package io.podnet.sim.netfilter;

import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.SplittableRandom;

/**
 * The L3/L4 view of the packet that one hook is evaluating: the first IPv4 header and the transport
 * header after it, decoded once into plain ints so matchers compare integers. Mutable only by the
 * evaluator (after NAT rewrites the packet it is reloaded). One per hook call; never shared.
 */
final class PacketView {
    static final int PROTO_SCTP = 132;
    static final int SCTP_COMMON_HEADER = 12;

    final PacketBuffer buf;
    final Hook hook;
    final String in;
    final String out;
    final int ipIndex;
    final SplittableRandom random;
    final NetfilterContext context;
    /** The namespace's {@code -m recent} lists. */
    final RecentTables recent;
    /** The namespace's {@code -m nfacct} counters. */
    final Accounting accounting;

    Packet packet;
    Ipv4Header ip;
    /** The transport header right after the IPv4 header, or null (non-first fragment, other protocol). */
    Header l4;
    int proto;
    int src;
    int dst;
    /**
     * For SCTP: the bytes from the common header on (12-byte header, then chunks), or null (other
     * protocol, later fragment, shorter than the common header).
     */
    byte[] sctp;
    /** Ports for TCP/UDP/SCTP, -1 otherwise. */
    int sport;
    int dport;
    /** ICMP type/code, -1 otherwise. */
    int icmpType;
    int icmpCode;
    /** TCP flags, -1 otherwise. */
    int tcpFlags;
    /** True for a non-first fragment (fragment offset != 0). */
    boolean laterFragment;
    /** Rules evaluated in the current table walk (for the CPU cost model). */
    int rulesWalked;

    /** Conntrack association for this namespace, or null (not yet looked up, or none). */
    Conntrack.Attachment ct;
    /** Set by a NOTRACK/CT --notrack target in raw. */
    boolean untracked;

    PacketView(PacketBuffer buf, Hook hook, String in, String out, int ipIndex, SplittableRandom random,
               NetfilterContext context, RecentTables recent, Accounting accounting) {
        this.buf = buf;
        this.hook = hook;
        this.in = in == null ? "" : in;
        this.out = out == null ? "" : out;
        this.ipIndex = ipIndex;
        this.random = random;
        this.context = context;
        this.recent = recent;
        this.accounting = accounting;
        load(buf.packet());
    }

    void load(Packet p) {
        packet = p;
        ip = (Ipv4Header) p.header(ipIndex);
        proto = ip.protocol();
        src = ip.src().bits();
        dst = ip.dst().bits();
        laterFragment = ip.fragmentOffset() != 0;
        l4 = ipIndex + 1 < p.headerCount() ? p.header(ipIndex + 1) : null;
        sport = -1;
        dport = -1;
        icmpType = -1;
        icmpCode = -1;
        tcpFlags = -1;
        sctp = null;
        if (laterFragment) {
            l4 = null;
        } else if (proto == PROTO_SCTP) {
            loadSctp(p);
        } else if (l4 instanceof TcpHeader t && proto == Ipv4Header.PROTO_TCP) {
            sport = t.srcPort();
            dport = t.dstPort();
            tcpFlags = t.flags();
        } else if (l4 instanceof UdpHeader u && proto == Ipv4Header.PROTO_UDP) {
            sport = u.srcPort();
            dport = u.dstPort();
        } else if (l4 instanceof IcmpHeader c && proto == Ipv4Header.PROTO_ICMP) {
            icmpType = c.type();
            icmpCode = c.code();
        } else {
            l4 = null;
        }
    }

    /**
     * SCTP's common header starts with the source and destination ports, as UDP's. Read from the
     * encoded bytes after the IPv4 header, so it works whether the transport is a header record or
     * still payload bytes.
     */
    private void loadSctp(Packet p) {
        byte[] b = ipIndex + 1 < p.headerCount() ? p.from(ipIndex + 1).encode() : p.payload();
        if (b.length < SCTP_COMMON_HEADER) {
            l4 = null;
            return;
        }
        sctp = b;
        sport = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        dport = (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Replaces the packet in the buffer and reloads the view. */
    void replace(Packet p) {
        buf.setPacket(p);
        load(p);
    }

    /**
     * Whether a local socket sent the packet (the kernel's {@code skb->sk != NULL}): OUTPUT, or
     * POSTROUTING with a local source address.
     */
    boolean locallyGenerated() {
        return hook == Hook.OUTPUT || (hook == Hook.POSTROUTING && context.isLocalAddress(ip.src()));
    }

    int mark() {
        return buf.mark();
    }

    /** The {@code --ctstate} bits of this packet (see {@link Conntrack}). */
    int ctStateBits() {
        if (untracked) {
            return Conntrack.STATE_UNTRACKED;
        }
        return ct == null ? Conntrack.STATE_INVALID : ct.stateBits();
    }

    /** The {@code --ctstatus} bits, 0 without a connection. */
    int ctStatusBits() {
        return ct == null || ct.entry() == null ? 0 : ct.entry().status();
    }
}
