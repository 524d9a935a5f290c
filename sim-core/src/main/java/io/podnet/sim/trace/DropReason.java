package io.podnet.sim.trace;

/** Why a packet was dropped, as typed outcomes rather than exceptions. */
public enum DropReason {
    NO_ROUTE,
    NEIGHBOUR_FAILED,
    TTL_EXCEEDED,
    MTU_EXCEEDED,
    NETFILTER_DROP,
    NETFILTER_REJECT,
    NETWORK_POLICY,
    NO_SOCKET,
    FORWARDING_DISABLED,
    INTERFACE_DOWN,
    QUEUE_FULL,
    NO_FDB_ENTRY,
    MARTIAN,
    NOT_FOR_US,
    LINK_DOWN,
    NODE_DOWN,
    INVALID
}
