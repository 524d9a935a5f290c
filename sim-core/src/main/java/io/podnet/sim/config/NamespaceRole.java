package io.podnet.sim.config;

/**
 * What a network namespace stands for, in the simulator's own terms (no orchestrator's): a host
 * (a machine with an underlay NIC), a router of the underlay, or a workload (a container sandbox
 * attached to a host). {@link NamespaceConfig#role()} writes it as {@code node}, {@code router} or
 * {@code pod}, the words the rendering and the real-kernel check use.
 */
public enum NamespaceRole {
    HOST("node"),
    ROUTER("router"),
    WORKLOAD("pod"),
    /** Anything else (tests, tools). */
    OTHER("");

    private final String text;

    NamespaceRole(String text) {
        this.text = text;
    }

    /** The word in {@link NamespaceConfig#role()}. */
    public String text() {
        return text;
    }

    /** The role a configuration's word names; {@link #OTHER} for an unknown or missing one. */
    public static NamespaceRole of(String text) {
        for (NamespaceRole r : values()) {
            if (r != OTHER && r.text.equals(text)) {
                return r;
            }
        }
        return OTHER;
    }
}
