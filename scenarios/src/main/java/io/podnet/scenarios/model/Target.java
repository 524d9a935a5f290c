package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * Where traffic goes: {@code pod/NAME:PORT}, {@code service/[NAMESPACE/]NAME:PORT} (its ClusterIP),
 * {@code node/NAME:PORT} (the node's address and a NodePort), {@code loadbalancer/NAMESPACE/NAME:PORT}
 * (the Service's first {@code status.loadBalancer.ingress} IP), {@code ip/ADDR:PORT} or
 * {@code dns/NAME:PORT}. The port is 0 for ICMP.
 *
 * @param namespace the Kubernetes namespace for pod and service targets
 * @param name      the pod or Service name, or the address for {@code ip/}
 */
public record Target(Kind kind, String namespace, String name, int port, SourceLocation location) {
    public enum Kind { POD, SERVICE, IP, DNS, NODE, LOADBALANCER }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + name + (port > 0 ? ":" + port : "");
    }
}
