package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * A timed change of {@code events}.
 *
 * @param atNanos        when it happens (simulated time)
 * @param action         what happens
 * @param namespace      the Kubernetes namespace of a pod target ({@code default} unless given), empty for nodes
 * @param name           the node or pod name
 * @param afterNanos     how long after {@code atNanos} the control plane has propagated the change to every
 *                       node's kube-proxy rules (the EndpointSlice update and the rule reload); see
 *                       {@link Action#defaultAfterNanos()}
 * @param location       where the action's key was written
 * @param targetLocation where its target was written
 */
public record ScenarioEvent(long atNanos, Action action, String namespace, String name, long afterNanos,
                            SourceLocation location, SourceLocation targetLocation) {
    /** The event kinds, by their key in the file. */
    public enum Action {
        /** {@code fail: node/NAME}: the node and every pod on it go down (a crash or power loss). */
        FAIL("fail", "node", 40_000_000_000L),
        /** {@code restore: node/NAME}: the failed node and its pods come back. */
        RESTORE("restore", "node", 1_000_000_000L),
        /** {@code link-down: node/NAME}: the node's underlay link ({@code eth0}) goes down. */
        LINK_DOWN("link-down", "node", 40_000_000_000L),
        /** {@code link-up: node/NAME}: the link comes back. */
        LINK_UP("link-up", "node", 1_000_000_000L),
        /** {@code delete: pod/NAME}: the pod is gone at once (a forced deletion). */
        DELETE("delete", "pod", 1_000_000_000L);

        private final String key;
        private final String targetKind;
        private final long defaultAfterNanos;

        Action(String key, String targetKind, long defaultAfterNanos) {
            this.key = key;
            this.targetKind = targetKind;
            this.defaultAfterNanos = defaultAfterNanos;
        }

        /** The key in the file ({@code link-down}). */
        public String key() {
            return key;
        }

        /** {@code node} or {@code pod}. */
        public String targetKind() {
            return targetKind;
        }

        /**
         * The default propagation delay: 40s for {@code fail} and {@code link-down} (the node
         * controller's node-monitor-grace-period before it marks the node NotReady and its pods'
         * endpoints not ready), 1s for the others (kube-proxy's default iptables min-sync-period).
         */
        public long defaultAfterNanos() {
            return defaultAfterNanos;
        }

        /** The action with this key, or null. */
        public static Action byKey(String key) {
            for (Action a : values()) {
                if (a.key.equals(key)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** The target as written: {@code node/NAME} or {@code pod/NAME} ({@code pod/NS/NAME} outside default). */
    public String target() {
        return action.targetKind() + "/" + (namespace.isEmpty() || namespace.equals("default") ? "" : namespace + "/")
                + name;
    }

    /** When every node's rules reflect the change. */
    public long propagatedAtNanos() {
        return atNanos + afterNanos;
    }
}
