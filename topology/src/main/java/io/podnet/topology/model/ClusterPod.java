package io.podnet.topology.model;

import io.podnet.sim.net.Ipv4Address;
import java.util.List;
import java.util.Map;

/**
 * A pod of the built cluster, with its node and address.
 *
 * @param namespace   Kubernetes namespace
 * @param name        pod name (generated for Deployment replicas)
 * @param node        the node it runs on
 * @param ip          its address (the node's for a hostNetwork pod)
 * @param labels      pod labels, sorted by key
 * @param ports       container ports of all containers, in manifest order
 * @param netns       the network namespace holding its {@code eth0} (the node's for hostNetwork)
 * @param hostNetwork true when it shares the node's network namespace
 * @param ready       whether it counts as a ready endpoint
 * @param owner       {@code Deployment/NAME} for replicas, empty for bare pods
 */
public record ClusterPod(String namespace, String name, String node, Ipv4Address ip, Map<String, String> labels,
                         List<NamedPort> ports, String netns, boolean hostNetwork, boolean ready, String owner) {
    public ClusterPod {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        owner = owner == null ? "" : owner;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
