package io.podnet.scenarios.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.topology.build.ClusterBuilder;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.cni.CniPlugins;
import io.podnet.topology.kubeproxy.KubeProxies;
import io.podnet.topology.kubeproxy.KubeProxy;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.policy.PolicyAgent;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.calico.CalicoResourceReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a node's {@code iptables-restore} text again for another view of the cluster (endpoints
 * removed or not ready), by the same steps {@link io.podnet.topology.render.ClusterRenderer} takes
 * for a node: the CNI wires the node (so the policy agent sees its veths), kube-proxy writes its
 * rules, the CNI adds its own (Calico's natOutgoing), the NetworkPolicy agent adds its chains. The
 * plugin is primed by building the cluster once, as the first rendering did, so its IPAM state is
 * the same.
 */
final class RuleRenderer {
    private final CniPlugin cni;
    private final KubeProxy proxy;
    private final PolicyAgent policy;

    RuleRenderer(ClusterSpec spec, long seed) {
        this.cni = CniPlugins.forSpec(withCalicoResources(spec), spec.underlay());
        this.proxy = KubeProxies.forSpec(spec.kubeProxy());
        this.policy = PolicyAgent.forSpec(spec.policy(), cni.name());
        // With the CoreDNS add-on's objects, as ClusterRenderer built it (same IPAM state).
        ClusterBuilder.build(io.podnet.topology.dns.CoreDns.install(spec), cni, seed);
    }

    /** The CNI spec with the scenario's Calico resources, as the renderer reads them. */
    private static CniSpec withCalicoResources(ClusterSpec spec) {
        if (!(spec.cni() instanceof CalicoSpec c)) {
            return spec.cni();
        }
        List<HasMetadata> calico = new ArrayList<>();
        for (HasMetadata o : spec.objects()) {
            if (CalicoResourceReader.isCalico(o)) {
                calico.add(o);
            }
        }
        return calico.isEmpty() ? c : c.withResources(CalicoResourceReader.read(calico));
    }

    /** The node's iptables text for {@code view}. */
    String iptables(Cluster view, ClusterNode node) {
        return draft(view, node).iptables();
    }

    /** The node's iptables and nftables texts for {@code view} (nftables: kube-proxy's nftables mode, else empty). */
    String[] both(Cluster view, ClusterNode node) {
        NamespaceDraft d = draft(view, node);
        return new String[] {d.iptables(), d.nftables()};
    }

    private NamespaceDraft draft(Cluster view, ClusterNode node) {
        NamespaceDraft nodeNs = new NamespaceDraft(node.name(), "node", node.name());
        Map<ClusterPod, NamespaceDraft> pods = new LinkedHashMap<>();
        for (ClusterPod p : view.podsOn(node.name())) {
            if (!p.hostNetwork()) {
                pods.put(p, new NamespaceDraft(p.netns(), "pod", node.name()));
            }
        }
        cni.wire(view, node, nodeNs, pods);
        proxy.program(view, node, nodeNs);
        cni.afterKubeProxy(view, node, nodeNs);
        policy.program(view, node, nodeNs);
        return nodeNs;
    }
}
