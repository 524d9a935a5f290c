package io.podnet.topology.model;

import io.podnet.sim.net.Ipv4Address;
import java.util.List;
import java.util.Map;

/**
 * A Service of the built cluster.
 *
 * @param namespace             Kubernetes namespace
 * @param name                  Service name
 * @param type                  {@code ClusterIP}, {@code NodePort} or {@code LoadBalancer}
 * @param clusterIp             its ClusterIP, or null when headless ({@code clusterIP: None})
 * @param externalIps           {@code spec.externalIPs}
 * @param selector              the selector, or null for a Service without one (endpoints come from
 *                              EndpointSlices in the manifests)
 * @param sessionAffinity       {@code None} or {@code ClientIP}
 * @param affinityTimeout       ClientIP affinity timeout in seconds (10800 unless set)
 * @param externalTrafficPolicy {@code Cluster} or {@code Local}
 * @param internalTrafficPolicy {@code Cluster} or {@code Local}
 * @param healthCheckNodePort   the health check node port (LoadBalancer with Local policy), or 0
 * @param ports                 the ports in manifest order
 */
public record ClusterService(String namespace, String name, String type, Ipv4Address clusterIp,
                             List<Ipv4Address> externalIps, Map<String, String> selector, String sessionAffinity,
                             int affinityTimeout, String externalTrafficPolicy, String internalTrafficPolicy,
                             int healthCheckNodePort, List<ClusterServicePort> ports) {
    public ClusterService {
        externalIps = List.copyOf(externalIps);
        selector = selector == null ? null : Map.copyOf(selector);
        ports = List.copyOf(ports);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean headless() {
        return clusterIp == null;
    }

    /** The port with this name, or null. */
    public ClusterServicePort port(String portName) {
        for (ClusterServicePort p : ports) {
            if (p.name().equals(portName)) {
                return p;
            }
        }
        return null;
    }

    /** The port with this number and protocol, or null. */
    public ClusterServicePort port(int number, String protocol) {
        for (ClusterServicePort p : ports) {
            if (p.port() == number && p.protocol().equals(protocol)) {
                return p;
            }
        }
        return null;
    }
}
