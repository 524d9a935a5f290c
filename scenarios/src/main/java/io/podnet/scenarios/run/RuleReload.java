package io.podnet.scenarios.run;

/**
 * A node's iptables text reloaded during a run, when kube-proxy caught up with a scenario event.
 *
 * @param atNanos   when, in scenario time (the event's {@code at + after})
 * @param namespace the node's namespace
 * @param text      the complete {@code iptables-restore} text loaded
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
