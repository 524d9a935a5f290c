package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import java.util.SplittableRandom;

/**
 * The packet one hook is evaluating, as the nftables evaluator sees it: header fields, the mark,
 * conntrack state and status, the namespace's addresses, the seeded random stream, and the NAT
 * and trace operations of the netfilter it runs in.
 */
public final class NftPacket {
    private final Netfilter nf;
    private final PacketView v;

    NftPacket(Netfilter nf, PacketView v) {
        this.nf = nf;
        this.v = v;
    }

    public Hook hook() {
        return v.hook;
    }

    public int protocol() {
        return v.proto;
    }

    public int src() {
        return v.src;
    }

    public int dst() {
        return v.dst;
    }

    /** Transport ports (TCP, UDP, SCTP), -1 otherwise. */
    public int sport() {
        return v.sport;
    }

    public int dport() {
        return v.dport;
    }

    public String inDevice() {
        return v.in;
    }

    public String outDevice() {
        return v.out;
    }

    public int mark() {
        return v.mark();
    }

    public void setMark(int mark) {
        v.buf.setMark(mark);
    }

    /** {@link Conntrack}'s STATE_* bits ({@code ct state}). */
    public int ctState() {
        return v.ctStateBits();
    }

    /** {@link Conntrack}'s STATUS_* bits ({@code ct status}). */
    public int ctStatus() {
        return v.ctStatusBits();
    }

    public boolean isLocal(int address) {
        return nf.context().isLocalAddress(new Ipv4Address(address));
    }

    public SplittableRandom random() {
        return v.random;
    }

    public boolean tracing() {
        return nf.tracing();
    }

    /** Records a trace event for an nft rule: {@code where} is {@code table/chain}, {@code handle} the rule's. */
    public void trace(String table, String chain, int handle, String ruleText, String verdict, String explanation) {
        if (nf.tracing()) {
            nf.emitNft(v, explanation, new Decision.RuleHit(table, chain, handle, ruleText, verdict));
        }
    }

    /**
     * {@code dnat to ADDR[:PORT]} (destination side, PREROUTING/OUTPUT) or {@code snat to} (source
     * side): sets up the connection's binding; false when the packet has no connection to bind.
     */
    public boolean nat(boolean dst, int address, int port, String kind) {
        if (v.ct == null || v.ct.entry() == null) {
            return false;
        }
        nf.setup(v.ct.entry(), dst, new NatRange(address, true, port, port, port > 0, false, false), kind);
        return true;
    }

    /** {@code masquerade [fully-random]}: the out device's primary address, or null (no address: drop). */
    public Ipv4Address masquerade(boolean fullyRandom) {
        Ipv4Address a = nf.context().primaryAddress(v.out);
        if (a == null || v.ct == null || v.ct.entry() == null) {
            return null;
        }
        nf.setup(v.ct.entry(), false, new NatRange(a.bits(), true, 0, 0, false, false, fullyRandom), "MASQUERADE");
        return a;
    }

    static EventKind kind() {
        return EventKind.NETFILTER;
    }
}
