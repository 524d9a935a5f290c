package io.podnet.topology.build;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.CniPlugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code v1 Node} objects among a cluster's objects (a {@code kubectl get nodes -o yaml}
 * dump), by name: what topology takes from them beyond the {@link io.podnet.topology.spec.NodeSpec}
 * (name, address, labels) — the pod subnet kube-controller-manager allocated
 * ({@code spec.podCIDR}, which Flannel's kube subnet manager and host-local IPAM use as they are),
 * and the taints that keep pods without a matching toleration off the node, as the scheduler does
 * for {@code NoSchedule} and {@code NoExecute}.
 */
final class NodeManifests {
    private final Map<String, Node> byName;

    private NodeManifests(Map<String, Node> byName) {
        this.byName = byName;
    }

    static NodeManifests of(List<HasMetadata> objects) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            if (o instanceof Node n && n.getMetadata() != null && n.getMetadata().getName() != null) {
                m.putIfAbsent(n.getMetadata().getName(), n);
            }
        }
        return new NodeManifests(m);
    }

    /**
     * The pod CIDR of each node: the Node objects' {@code spec.podCIDR} when every node has one and
     * the design gives each node its own subnet ({@link CniPlugin#podIpChoosesNode()}); otherwise
     * the design's own assignment.
     *
     * @throws TopologyException for a podCIDR that is not a CIDR, or outside the pod network
     */
    List<Ipv4Prefix> podCidrs(List<String> nodeNames, CniPlugin cni) {
        if (!cni.podIpChoosesNode() || byName.isEmpty()) {
            return cni.assignNodeCidrs(nodeNames);
        }
        List<Ipv4Prefix> out = new ArrayList<>();
        for (String name : nodeNames) {
            Node n = byName.get(name);
            String text = n == null ? null : podCidr(n);
            if (text == null) {
                return cni.assignNodeCidrs(nodeNames); // not every node has one: the design numbers them all
            }
            Ipv4Prefix p;
            try {
                p = Ipv4Prefix.parse(text).canonical();
            } catch (IllegalArgumentException e) {
                throw new TopologyException("node/" + name, "spec.podCIDR", "Node " + name + " spec.podCIDR '" + text
                        + "' is not a CIDR; expected a.b.c.d/len such as 10.244.0.0/24");
            }
            if (!cni.clusterCidr().contains(p)) {
                throw new TopologyException("node/" + name, "spec.podCIDR", "Node " + name + " spec.podCIDR " + p
                        + " is outside the pod network " + cni.clusterCidr() + "; expected a subnet of it");
            }
            out.add(p);
        }
        return out;
    }

    /** Whether a pod with these tolerations may be scheduled onto the node (NoSchedule, NoExecute taints). */
    boolean tolerates(String nodeName, List<Toleration> tolerations) {
        Node n = byName.get(nodeName);
        if (n == null || n.getSpec() == null || n.getSpec().getTaints() == null) {
            return true;
        }
        for (Taint t : n.getSpec().getTaints()) {
            if (!"NoSchedule".equals(t.getEffect()) && !"NoExecute".equals(t.getEffect())) {
                continue; // PreferNoSchedule only prefers
            }
            boolean tolerated = false;
            for (Toleration tol : tolerations == null ? List.<Toleration>of() : tolerations) {
                tolerated |= tolerates(tol, t);
            }
            if (!tolerated) {
                return false;
            }
        }
        return true;
    }

    /** The scheduler's ToleratesTaint: effect (empty matches all), key (empty with Exists matches all), value. */
    static boolean tolerates(Toleration tol, Taint t) {
        if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(t.getEffect())) {
            return false;
        }
        String key = tol.getKey() == null ? "" : tol.getKey();
        String op = tol.getOperator() == null || tol.getOperator().isEmpty() ? "Equal" : tol.getOperator();
        if (!key.isEmpty() && !key.equals(t.getKey())) {
            return false;
        }
        if (op.equals("Exists")) {
            return true;
        }
        String value = tol.getValue() == null ? "" : tol.getValue();
        String taintValue = t.getValue() == null ? "" : t.getValue();
        return op.equals("Equal") && value.equals(taintValue);
    }

    private static String podCidr(Node n) {
        return NodeFields.podCidr(n);
    }
}
