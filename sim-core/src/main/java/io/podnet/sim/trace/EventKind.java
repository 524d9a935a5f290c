package io.podnet.sim.trace;

/** What kind of step a {@link TraceEvent} records. */
public enum EventKind {
    /** An application socket handed a packet to the stack. */
    SEND,
    /** A device transmitted a frame. */
    TX,
    /** A device received a frame. */
    RX,
    /** A bridge forwarded (or flooded) a frame between ports. */
    BRIDGE,
    /** A routing decision: the route that matched. */
    ROUTE,
    /** A neighbour (ARP) lookup, resolution or update. */
    NEIGHBOUR,
    /** A netfilter rule fired (a terminal verdict, a jump or a NAT). */
    NETFILTER,
    /** A conntrack entry was created, matched or used to reverse NAT. */
    CONNTRACK,
    /** Outer headers were added by a tunnel device. */
    ENCAP,
    /** Outer headers were removed by a tunnel device. */
    DECAP,
    /** The IP layer fragmented a packet. */
    FRAGMENT,
    /** An ICMP error was generated. */
    ICMP_ERROR,
    /** The packet reached a local socket. */
    DELIVER,
    /** The packet was dropped; the decision says why. */
    DROP,
    /** A link serialised and propagated a frame. */
    LINK,
    /** Anything else (control plane, timers, scenario events). */
    NOTE
}
