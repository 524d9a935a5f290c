package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import java.util.List;

/**
 * A timed change of {@code events}.
 *
 * @param atNanos          when it happens (simulated time)
 * @param action           what happens
 * @param namespace        the Kubernetes namespace of a namespaced target ({@code default} unless given), empty
 *                         for nodes, Namespaces and {@code apply}
 * @param name             the target's name (empty for {@code apply})
 * @param afterNanos       how long after {@code atNanos} the control plane has propagated the change to every
 *                         node's rules: kube-proxy's reload (the EndpointSlice update and the rule reload), or
 *                         for a change only Felix acts on, Felix's; see {@link Action#defaultAfterNanos()}
 * @param location         where the action's key was written
 * @param targetLocation   where its target was written
 * @param kind             the target's kind as written, lower case: {@code node}, {@code pod},
 *                         {@code networkpolicy}, {@code service}, {@code endpointslice}; {@code manifest} for
 *                         {@code apply}
 * @param manifests        for {@code apply}: the objects applied, in order; empty otherwise
 * @param policyAfterNanos for {@code apply} and {@code delete} of objects the NetworkPolicy agent (Felix) acts
 *                         on (NetworkPolicies, Namespace and Pod labels) when it has programmed the change, if
 *                         earlier than {@code afterNanos}; -1 otherwise
 */
public record ScenarioEvent(long atNanos, Action action, String namespace, String name, long afterNanos,
                            SourceLocation location, SourceLocation targetLocation, String kind,
                            List<Resource> manifests, long policyAfterNanos) {
    public ScenarioEvent {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        kind = kind == null ? action.targetKind() : kind;
    }

    /** A node or pod event (the control plane's delay is {@code afterNanos}). */
    public ScenarioEvent(long atNanos, Action action, String namespace, String name, long afterNanos,
                         SourceLocation location, SourceLocation targetLocation) {
        this(atNanos, action, namespace, name, afterNanos, location, targetLocation, null, List.of(), -1);
    }

    /** kube-proxy's default delay ({@code --iptables-min-sync-period}, 1s). */
    public static final long KUBE_PROXY_AFTER_NANOS = 1_000_000_000L;
    /**
     * Felix's default delay for a policy change: 100ms, the refill period of the leaky bucket that
     * throttles Felix's dataplane applies (felix/dataplane/linux/int_dataplane.go: {@code throttle.New(10)}
     * refilled by a 100ms ticker).
     */
    public static final long FELIX_AFTER_NANOS = 100_000_000L;

    /**
     * Whether the event changes only the control plane's objects (an {@code apply}, or the
     * {@code delete} of a NetworkPolicy, Service or EndpointSlice): nothing happens in the data
     * plane at {@code atNanos}, only the node agents reload their rules later.
     */
    public boolean objectsOnly() {
        return action == Action.APPLY || (action == Action.DELETE && !kind.equals("pod"));
    }

    /** When node agents act on the event, in scenario time, earliest first (one or two instants). */
    public List<Long> propagationsNanos() {
        if (policyAfterNanos >= 0 && policyAfterNanos < afterNanos) {
            return List.of(atNanos + policyAfterNanos, atNanos + afterNanos);
        }
        return List.of(atNanos + afterNanos);
    }
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
        DELETE("delete", "pod", 1_000_000_000L),
        /**
         * {@code apply: MANIFEST}: objects are created or changed as {@code kubectl apply} does (NetworkPolicies,
         * Namespace and Pod labels, Services, EndpointSlices).
         */
        APPLY("apply", "manifest", 1_000_000_000L);

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
        if (action == Action.APPLY) {
            List<String> what = new java.util.ArrayList<>();
            manifests.forEach(r -> what.add(r.kind() + " " + (r.kind().equals("Namespace") ? r.name() : r.namespace()
                    + "/" + r.name())));
            return String.join(", ", what);
        }
        return kind + "/" + (namespace.isEmpty() || namespace.equals("default") ? "" : namespace + "/") + name;
    }

    /** When every node's rules reflect the change. */
    public long propagatedAtNanos() {
        return atNanos + afterNanos;
    }
}
