package io.podnet.topology.model;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyWarning;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built cluster: nodes with underlay addresses and pod subnets, pods with nodes and addresses,
 * Services with ClusterIPs, node ports and endpoints, the EndpointSlices (given or derived), and
 * the objects carried for later stages (Namespaces, NetworkPolicies). Immutable; lists keep the
 * documented deterministic order (nodes as declared; pods: bare pods in input order, then
 * Deployment replicas; Services in input order).
 */
public final class Cluster {
    private final List<ClusterNode> nodes;
    private final List<ClusterPod> pods;
    private final List<ClusterService> services;
    private final List<EndpointSlice> endpointSlices;
    private final List<Namespace> namespaces;
    private final List<NetworkPolicy> networkPolicies;
    private final Ipv4Prefix serviceCidr;
    private final Ipv4Prefix clusterCidr;
    private final String clusterDomain;
    private final List<TopologyWarning> warnings;
    private final Map<String, ClusterNode> nodeByName = new HashMap<>();
    private final Map<String, ClusterPod> podByKey = new HashMap<>();
    private final Map<String, ClusterService> serviceByKey = new HashMap<>();
    private final Map<Ipv4Address, ClusterPod> podByIp = new HashMap<>();
    private final Map<String, List<ClusterPod>> podsByNode = new HashMap<>();

    public Cluster(List<ClusterNode> nodes, List<ClusterPod> pods, List<ClusterService> services,
                   List<EndpointSlice> endpointSlices, List<Namespace> namespaces, List<NetworkPolicy> networkPolicies,
                   Ipv4Prefix serviceCidr, Ipv4Prefix clusterCidr, String clusterDomain, List<TopologyWarning> warnings) {
        this.nodes = List.copyOf(nodes);
        this.pods = List.copyOf(pods);
        this.services = List.copyOf(services);
        this.endpointSlices = Collections.unmodifiableList(new ArrayList<>(endpointSlices));
        this.namespaces = Collections.unmodifiableList(new ArrayList<>(namespaces));
        this.networkPolicies = Collections.unmodifiableList(new ArrayList<>(networkPolicies));
        this.serviceCidr = serviceCidr;
        this.clusterCidr = clusterCidr;
        this.clusterDomain = clusterDomain;
        this.warnings = List.copyOf(warnings);
        for (ClusterNode n : this.nodes) {
            nodeByName.put(n.name(), n);
        }
        for (ClusterPod p : this.pods) {
            podByKey.put(p.key(), p);
            podsByNode.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(p);
            if (!p.hostNetwork()) {
                podByIp.put(p.ip(), p);
            }
        }
        for (ClusterService s : this.services) {
            serviceByKey.put(s.key(), s);
        }
    }

    public List<ClusterNode> nodes() {
        return nodes;
    }

    public List<ClusterPod> pods() {
        return pods;
    }

    public List<ClusterService> services() {
        return services;
    }

    /** EndpointSlices from the manifests followed by those derived from selectors. */
    public List<EndpointSlice> endpointSlices() {
        return endpointSlices;
    }

    public List<Namespace> namespaces() {
        return namespaces;
    }

    /** Carried for the policy stage; not enforced by the rendered configuration yet. */
    public List<NetworkPolicy> networkPolicies() {
        return networkPolicies;
    }

    public Ipv4Prefix serviceCidr() {
        return serviceCidr;
    }

    /** The pod network (kube-proxy's {@code --cluster-cidr}). */
    public Ipv4Prefix clusterCidr() {
        return clusterCidr;
    }

    public String clusterDomain() {
        return clusterDomain;
    }

    public List<TopologyWarning> warnings() {
        return warnings;
    }

    public ClusterNode node(String name) {
        return nodeByName.get(name);
    }

    /** The pod {@code namespace/name}, or null. */
    public ClusterPod pod(String namespace, String name) {
        return podByKey.get(namespace + "/" + name);
    }

    /** The pod owning this address (hostNetwork pods excluded), or null. */
    public ClusterPod podByIp(Ipv4Address ip) {
        return podByIp.get(ip);
    }

    /** The Service {@code namespace/name}, or null. */
    public ClusterService service(String namespace, String name) {
        return serviceByKey.get(namespace + "/" + name);
    }

    /** The pods on a node, in pod order. */
    public List<ClusterPod> podsOn(String nodeName) {
        List<ClusterPod> on = podsByNode.get(nodeName);
        return on == null ? List.of() : Collections.unmodifiableList(on);
    }
}
