package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * Where traffic starts: {@code pod/NAME} (optionally {@code pod/NAMESPACE/NAME}), {@code node/NAME}
 * (the node's host network namespace, where hostNetwork pods also live) or {@code external/NAME}
 * (a host outside the cluster declared under {@code cluster.external}).
 *
 * @param namespace the Kubernetes namespace for pods; empty for nodes and external hosts
 */
public record Endpoint(Kind kind, String namespace, String name, SourceLocation location) {
    /** What kind of place the client runs in. */
    public enum Kind { POD, NODE, EXTERNAL }

    /** A pod client. */
    public Endpoint(String namespace, String name, SourceLocation location) {
        this(Kind.POD, namespace, name, location);
    }

    /** Whether the client is a pod (only pods are Kubernetes objects with a namespace). */
    public boolean pod() {
        return kind == Kind.POD;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + name;
    }
}
