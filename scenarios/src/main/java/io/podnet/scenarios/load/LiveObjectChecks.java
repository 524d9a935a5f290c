package io.podnet.scenarios.load;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.NodeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cluster dump says about itself, checked against the scenario's nodes and CNI: each v1
 * Node is a cluster node, its {@code spec.podCIDR} lies in the CNI's pod network and overlaps no
 * other node's; a hostNetwork pod's {@code status.podIP} is its node's InternalIP; a pod's
 * {@code status.podIP} lies in its node's podCIDR; an EndpointSlice endpoint that names its pod
 * ({@code targetRef}) carries that pod's IP. Every disagreement is reported at the field that
 * disagrees, naming the object it disagrees with.
 */
final class LiveObjectChecks {
    private final Scenario s;
    private final ClusterSection c;
    private final Diagnostics diags;
    /** Node name -> its pod CIDR from the dump, for designs with per-node subnets. */
    private final Map<String, Ipv4Prefix> podCidrs = new LinkedHashMap<>();
    private final Map<String, Resource> nodeObjects = new LinkedHashMap<>();

    LiveObjectChecks(Scenario s, Diagnostics diags) {
        this.s = s;
        this.c = s.cluster();
        this.diags = diags;
    }

    void check() {
        nodes();
        pods();
        slices();
    }

    private void nodes() {
        List<Resource> nodes = NodeObjects.of(s.resources());
        boolean calico = c.cni() instanceof CalicoSpec;
        Ipv4Prefix network = CniDesigns.podNetwork(c.cni());
        SourceLocation networkAt = SourceLocation.of(c.cni().origin().at("network"));
        Resource withCidr = null;
        Resource withoutCidr = null;
        for (Resource r : nodes) {
            nodeObjects.putIfAbsent(r.name(), r);
            if (c.node(r.name()) == null) {
                List<String> names = c.nodes().stream().map(NodeSpec::name).toList();
                diags.error(r.at("metadata", "name"), "Node " + r.name() + " is not in cluster.nodes"
                        + Suggest.didYouMean(r.name(), names) + "; list it there, or leave cluster.nodes out to take the"
                        + " nodes from the Node objects; nodes are: " + String.join(", ", names));
                continue;
            }
            String text = NodeObjects.podCidr((Node) r.object());
            if (text == null) {
                withoutCidr = withoutCidr == null ? r : withoutCidr;
                continue;
            }
            withCidr = withCidr == null ? r : withCidr;
            SourceLocation at = NodeObjects.podCidrLocation(r);
            Ipv4Prefix cidr;
            try {
                cidr = ScenarioLoader.cidr(text);
            } catch (IllegalArgumentException e) {
                diags.error(at, "Node " + r.name() + " spec.podCIDR: " + e.getMessage());
                continue;
            }
            if (calico) {
                continue; // reported once below
            }
            if (network != null && !network.contains(cidr)) {
                diags.error(at, "Node " + r.name() + " spec.podCIDR " + cidr + " is outside the pod network " + network
                        + " of the CNI" + (networkAt == null ? "" : " (" + networkAt + ")") + "; expected a subnet of "
                        + network
                        + " (kube-controller-manager --cluster-cidr and Flannel's Network must agree)");
                continue;
            }
            for (Map.Entry<String, Ipv4Prefix> e : podCidrs.entrySet()) {
                if (e.getValue().overlaps(cidr)) {
                    diags.error(at, "Node " + r.name() + " spec.podCIDR " + cidr + " overlaps Node " + e.getKey()
                            + "'s " + e.getValue() + " (" + NodeObjects.podCidrLocation(nodeObjects.get(e.getKey()))
                            + "); each node has its own pod subnet");
                }
            }
            podCidrs.put(r.name(), cidr);
        }
        if (calico && withCidr != null) {
            diags.warning(NodeObjects.podCidrLocation(withCidr), "the Nodes' spec.podCIDR is not used: Calico's IPAM"
                    + " hands out its own blocks from the IPPools (calico-ipam does not read podCIDR)");
        } else if (!calico && withCidr != null && withoutCidr != null) {
            diags.error(withoutCidr.at("metadata", "name"), "Node " + withoutCidr.name() + " has no spec.podCIDR"
                    + " while Node " + withCidr.name() + " has one (" + NodeObjects.podCidrLocation(withCidr)
                    + "); give every Node its podCIDR (kubectl get nodes -o yaml prints them) or none");
        }
    }

    private void pods() {
        for (Resource r : s.resources()) {
            if (!(r.object() instanceof Pod p) || p.getSpec() == null || p.getStatus() == null) {
                continue;
            }
            String ipText = p.getStatus().getPodIP();
            String nodeName = p.getSpec().getNodeName();
            if (ipText == null || ipText.isEmpty() || nodeName == null || c.node(nodeName) == null) {
                continue;
            }
            Ipv4Address ip;
            try {
                ip = ScenarioLoader.address(ipText);
            } catch (IllegalArgumentException e) {
                if (Boolean.TRUE.equals(p.getSpec().getHostNetwork())) {
                    diags.error(r.at("status", "podIP"), "status.podIP: " + e.getMessage());
                }
                continue; // ScenarioChecks reports it for other pods
            }
            NodeSpec node = c.node(nodeName);
            Resource nodeObject = nodeObjects.get(nodeName);
            String where = nodeObject != null ? " (" + nodeObject.at("metadata", "name") + ")" : "";
            if (Boolean.TRUE.equals(p.getSpec().getHostNetwork())) {
                if (node.address() != null && !node.address().equals(ip)) {
                    diags.error(r.at("status", "podIP"), "hostNetwork pod " + r.namespace() + "/" + r.name()
                            + " has status.podIP " + ip + ", but its node " + nodeName + " has address " + node.address()
                            + where + "; a hostNetwork pod lives in its node's network namespace with the node's IP");
                }
                continue;
            }
            Ipv4Prefix cidr = podCidrs.get(nodeName);
            if (cidr != null && !cidr.contains(ip)) {
                diags.error(r.at("status", "podIP"), "pod " + r.namespace() + "/" + r.name() + " has status.podIP " + ip
                        + ", outside the pod subnet " + cidr + " of its node " + nodeName + " (spec.podCIDR"
                        + (nodeObject == null ? "" : " at " + NodeObjects.podCidrLocation(nodeObject))
                        + "); expected an address in " + cidr);
            }
        }
    }

    private void slices() {
        for (Resource r : s.resources()) {
            if (!(r.object() instanceof EndpointSlice es) || es.getEndpoints() == null) {
                continue;
            }
            List<Endpoint> eps = es.getEndpoints();
            for (int i = 0; i < eps.size(); i++) {
                Endpoint ep = eps.get(i);
                ObjectReference ref = ep.getTargetRef();
                if (ref == null || !"Pod".equals(ref.getKind()) || ref.getName() == null || ep.getAddresses() == null
                        || ep.getAddresses().isEmpty()) {
                    continue;
                }
                String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? r.namespace() : ref.getNamespace();
                Resource pod = pod(ns, ref.getName());
                if (pod == null) {
                    continue; // a pod the dump does not hold: the endpoint is used as it is
                }
                Pod p = (Pod) pod.object();
                String podIp = p.getStatus() == null ? null : p.getStatus().getPodIP();
                String address = ep.getAddresses().get(0);
                if (podIp != null && !podIp.isEmpty() && !podIp.equals(address)) {
                    diags.error(r.at("endpoints", String.valueOf(i), "addresses", "0"), "EndpointSlice " + r.namespace()
                            + "/" + r.name() + " gives pod " + ns + "/" + ref.getName() + " address " + address
                            + ", but the pod's status.podIP is " + podIp + " (" + pod.at("status", "podIP")
                            + "); the dump is not consistent: take it again, or drop one of the two");
                }
                String nodeName = ep.getNodeName();
                String podNode = p.getSpec() == null ? null : p.getSpec().getNodeName();
                if (nodeName != null && podNode != null && !nodeName.equals(podNode)) {
                    diags.error(r.at("endpoints", String.valueOf(i), "nodeName"), "EndpointSlice " + r.namespace() + "/"
                            + r.name() + " puts pod " + ns + "/" + ref.getName() + " on node " + nodeName
                            + ", but the pod's spec.nodeName is " + podNode + " (" + pod.at("spec", "nodeName") + ")");
                }
            }
        }
    }

    private Resource pod(String ns, String name) {
        for (Resource r : s.resources()) {
            if (r.object() instanceof Pod && r.namespace().equals(ns) && r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
