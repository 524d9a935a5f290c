package io.podnet.sim.netfilter;

/**
 * The netfilter hooks of the IPv4 path, as in the kernel.
 *
 * <pre>
 *   (in) --> PREROUTING --> routing --+--> FORWARD --> POSTROUTING --> (out)
 *                                     |                   ^
 *                                   INPUT                 |
 *                                     v                   |
 *                              local sockets --> routing --> OUTPUT
 * </pre>
 *
 * Tables run at each hook in priority order: raw, (conntrack), mangle, nat (DNAT at PREROUTING and
 * OUTPUT, SNAT at INPUT and POSTROUTING), filter.
 */
public enum Hook {
    PREROUTING,
    INPUT,
    FORWARD,
    OUTPUT,
    POSTROUTING
}
