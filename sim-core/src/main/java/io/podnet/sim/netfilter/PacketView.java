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
    final PacketBuffer buf;
    final Hook hook;
    final String in;
    final String out;
    final int ipIndex;
    final SplittableRandom random;
    final NetfilterContext context;

    Packet packet;
    Ipv4Header ip;
    /** The transport header right after the IPv4 header, or null (non-first fragment, other protocol). */
    Header l4;
    int proto;
    int src;
    int dst;
    /** Ports for TCP/UDP, -1 otherwise. */
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
               NetfilterContext context) {
        this.buf = buf;
        this.hook = hook;
        this.in = in == null ? "" : in;
        this.out = out == null ? "" : out;
        this.ipIndex = ipIndex;
        this.random = random;
        this.context = context;
        load(buf.packet());
    }

    void load(Packet p) {
        packet = p;
        ip = (Ipv4Header) p.header(ipIndex);
        proto = ip.protocol();
        src = ip.src().bits();
        dst = ip.dst().bits();
        laterFragment = ip.fragmentOffset() != 0;
        l4 = ipIndex + 1 < p.headers().size() ? p.header(ipIndex + 1) : null;
        sport = -1;
        dport = -1;
        icmpType = -1;
        icmpCode = -1;
        tcpFlags = -1;
        if (laterFragment) {
            l4 = null;
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

    /** Replaces the packet in the buffer and reloads the view. */
    void replace(Packet p) {
        buf.setPacket(p);
        load(p);
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
