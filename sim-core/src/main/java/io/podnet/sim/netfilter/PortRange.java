package io.podnet.sim.netfilter;

/** A port range test; min/max inclusive, as xt_tcpudp's {@code port_match} (also used by xt_sctp). */
record PortRange(int min, int max, boolean invert) {
    static final PortRange ANY = new PortRange(0, 0xffff, false);

    boolean test(int port) {
        return (port >= min && port <= max) ^ invert;
    }
}
