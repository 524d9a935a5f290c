package io.podnet.scenarios.model;

/** How one attempt of a traffic item ended. */
public enum Outcome {
    /** The request reached a server and the whole response came back. */
    DELIVERED,
    /** The destination answered with a TCP RST or an ICMP unreachable (port/host/admin). */
    REFUSED,
    /** The trace shows a drop (netfilter, no route, policy...) and nothing came back. */
    DROPPED,
    /** Nothing came back before the item's timeout, and no drop explains it. */
    TIMEOUT;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
