package io.podnet.sim.trace;

/** The typed detail of a {@link TraceEvent}: why the step went the way it did. */
public sealed interface Decision {
    /** A route matched. {@code text} is the route as {@code ip route} prints it. */
    record RouteMatch(String table, String text, String nextHop, String outDevice) implements Decision {}

    /**
     * A netfilter rule fired. {@code ruleText} is the rule as iptables-save prints it;
     * {@code ruleNumber} is its 1-based position in the chain.
     */
    record RuleHit(String table, String chain, int ruleNumber, String ruleText, String verdict) implements Decision {}

    /** A NAT translation was applied or reversed. */
    record Nat(String kind, String from, String to, boolean reply) implements Decision {}

    /** Conntrack state for the packet's flow. */
    record Conntrack(String state, String original, String reply) implements Decision {}

    /** A forwarding-database entry chose the port or the remote tunnel endpoint. */
    record FdbEntry(String mac, String device, String destination, String text) implements Decision {}

    /** A neighbour entry resolved (or failed to resolve) a next hop. */
    record Neighbour(String ip, String mac, String device, String state) implements Decision {}

    /** Tunnel encapsulation parameters. */
    record Tunnel(String type, int vni, String outerSrc, String outerDst, int port, int overhead) implements Decision {}

    /** Why a packet was dropped. */
    record Drop(DropReason reason, String detail) implements Decision {}

    /** A link hop: serialisation and propagation delays in nanoseconds. */
    record LinkHop(String link, long serialisationNs, long propagationNs, long queueNs) implements Decision {}

    /** A socket-level fact (connection state, bytes). */
    record Socket(String state, String detail) implements Decision {}
}
