package io.podnet.scenarios.run;

/**
 * A node's rules reloaded during a run, when its agents (kube-proxy, Felix) caught up with a scenario
 * event: its iptables text, or in kube-proxy's nftables mode also its nftables table (a second reload
 * at the same time).
 *
 * @param atNanos   when, in scenario time (the event's {@code at + after})
 * @param namespace the node's namespace
 * @param text      the complete {@code iptables-restore} text, or {@code nft -f} text, loaded
 */
public record RuleReload(long atNanos, String namespace, String text) {
    public RuleReload {
        if (atNanos < 0) {
            throw new IllegalArgumentException("a reload time cannot be negative, was: " + atNanos);
        }
        java.util.Objects.requireNonNull(namespace, "namespace");
        java.util.Objects.requireNonNull(text, "text");
    }
}
