package io.podnet.topology.model;

import io.podnet.sim.net.Ipv4Address;
import java.util.List;
import java.util.Map;

/**
 * A Service of the built cluster.
 *
 * @param namespace             Kubernetes namespace
 * @param name                  Service name
 * @param type                  {@code ClusterIP}, {@code NodePort}, {@code LoadBalancer} or {@code ExternalName}
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
 * @param loadBalancerIps       {@code status.loadBalancer.ingress[].ip} (LoadBalancer Services only)
 * @param sourceRanges          {@code spec.loadBalancerSourceRanges} (LoadBalancer Services only)
 * @param externalName          {@code spec.externalName} (ExternalName Services only), or null
 */
public record ClusterService(String namespace, String name, String type, Ipv4Address clusterIp,
                             List<Ipv4Address> externalIps, Map<String, String> selector, String sessionAffinity,
                             int affinityTimeout, String externalTrafficPolicy, String internalTrafficPolicy,
                             int healthCheckNodePort, List<ClusterServicePort> ports, List<Ipv4Address> loadBalancerIps,
                             List<io.podnet.sim.net.Ipv4Prefix> sourceRanges, String externalName) {
    public ClusterService {
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = loadBalancerIps == null ? List.of() : List.copyOf(loadBalancerIps);
        sourceRanges = sourceRanges == null ? List.of() : List.copyOf(sourceRanges);
        selector = selector == null ? null : Map.copyOf(selector);
        ports = List.copyOf(ports);
    }

    /** A Service without load balancer status, source ranges or external name. */
    public ClusterService(String namespace, String name, String type, Ipv4Address clusterIp,
                          List<Ipv4Address> externalIps, Map<String, String> selector, String sessionAffinity,
                          int affinityTimeout, String externalTrafficPolicy, String internalTrafficPolicy,
                          int healthCheckNodePort, List<ClusterServicePort> ports) {
        this(namespace, name, type, clusterIp, externalIps, selector, sessionAffinity, affinityTimeout,
                externalTrafficPolicy, internalTrafficPolicy, healthCheckNodePort, ports, null, null, null);
    }

    /** The same Service with other ports (endpoints changed). */
    public ClusterService withPorts(List<ClusterServicePort> newPorts) {
        return new ClusterService(namespace, name, type, clusterIp, externalIps, selector, sessionAffinity,
                affinityTimeout, externalTrafficPolicy, internalTrafficPolicy, healthCheckNodePort, newPorts,
                loadBalancerIps, sourceRanges, externalName);
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
