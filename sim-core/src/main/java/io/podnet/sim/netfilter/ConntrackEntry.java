package io.podnet.sim.netfilter;

/**
 * One tracked connection: the original tuple (as the first packet looked before any NAT) and the
 * reply tuple (as replies will look; NAT rewrites it when the binding is set up), the status bits
 * of {@code enum ip_conntrack_status}, the TCP state and the expiry time. Mutable only by the
 * netfilter package.
 */
public final class ConntrackEntry {
    Tuple original;
    Tuple reply;
    int status;
    int tcpState;
    long createdAt;
    long expiresAt;
    long id;
    /** The target that set up source NAT (SNAT or MASQUERADE), for explanations. */
    String snatKind = "SNAT";
    /**
     * IPVS forwards this connection (net.ipv4.vs.conntrack=1: {@code ip_vs_update_conntrack} set the
     * reply tuple to the real server): conntrack reverses it for replies, but IPVS itself rewrites
     * every packet of the original direction at LOCAL_IN, so conntrack does not.
     */
    boolean ipvs;

    ConntrackEntry(Tuple original, long now) {
        this.original = original;
        this.reply = original.invert();
        this.createdAt = now;
        this.expiresAt = now;
    }

    public Tuple original() {
        return original;
    }

    public Tuple reply() {
        return reply;
    }

    /** Status bits (see {@link Conntrack#STATUS_SEEN_REPLY} and friends). */
    public int status() {
        return status;
    }

    /** True when IPVS forwards the connection (see {@link io.podnet.sim.netfilter.Netfilter#ipvsForward}). */
    public boolean ipvs() {
        return ipvs;
    }

    public boolean confirmed() {
        return (status & Conntrack.STATUS_CONFIRMED) != 0;
    }

    public boolean seenReply() {
        return (status & Conntrack.STATUS_SEEN_REPLY) != 0;
    }

    public boolean assured() {
        return (status & Conntrack.STATUS_ASSURED) != 0;
    }

    /** True when the destination was translated (DNAT). */
    public boolean dnat() {
        return (status & Conntrack.STATUS_DST_NAT) != 0;
    }

    /** True when the source was translated (SNAT, MASQUERADE, or a port changed to stay unique). */
    public boolean snat() {
        return (status & Conntrack.STATUS_SRC_NAT) != 0;
    }

    /** The TCP state name ({@code ESTABLISHED}, {@code TIME_WAIT}...), or null for other protocols. */
    public String tcpState() {
        return original.protocol() == 6 ? Conntrack.TCP_STATE_NAMES[tcpState] : null;
    }

    /** Simulated time (ns) at which the entry expires unless refreshed. */
    public long expiresAt() {
        return expiresAt;
    }

    Tuple tuple(boolean replyDir) {
        return replyDir ? reply : original;
    }

    @Override
    public String toString() {
        return original + " / " + reply;
    }
}
