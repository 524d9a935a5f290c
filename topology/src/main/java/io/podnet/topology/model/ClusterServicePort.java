package io.podnet.topology.model;

import java.util.List;

/**
 * One port of a Service with its endpoints.
 *
 * @param name       the port's name, or empty (a single unnamed port)
 * @param protocol   {@code TCP}, {@code UDP} or {@code SCTP}
 * @param port       the Service port
 * @param targetPort the target port as written (a number or a container port name)
 * @param nodePort   the allocated node port, or 0
 * @param endpoints  merged endpoints, sorted by {@code ip:port} text as kube-proxy sorts them
 */
public record ClusterServicePort(String name, String protocol, int port, String targetPort, int nodePort,
                                 List<ServiceEndpoint> endpoints) {
    public ClusterServicePort {
        name = name == null ? "" : name;
        endpoints = List.copyOf(endpoints);
    }

    /** kube-proxy's ServicePortName: {@code ns/svc} or {@code ns/svc:port}. */
    public String servicePortName(String namespace, String service) {
        return namespace + "/" + service + (name.isEmpty() ? "" : ":" + name);
    }
}
