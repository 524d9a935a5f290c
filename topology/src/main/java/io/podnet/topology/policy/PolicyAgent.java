package io.podnet.topology.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.PolicySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The node agent that enforces NetworkPolicies: after the CNI and kube-proxy have programmed a node,
 * it finds each local pod's host-side interface (the node end of the pod's veth) and adds the
 * {@link FelixRules} to the node's {@code iptables-restore} text ({@link RestoreTextEditor}).
 *
 * <p>Who enforces ({@link PolicySpec}): {@code auto} lets the CNI decide — Calico enforces, Flannel
 * does not (Flannel has no policy agent; with policies present the scenario loader warns that they
 * are ignored); {@code calico} runs the agent on any CNI (Flannel plus Calico's policy agent is the
 * Canal combination); {@code none} never enforces.
 */
public final class PolicyAgent {
    private final boolean enforcing;
    private Cluster compiledFor;
    private FelixRules rules;

    private PolicyAgent(boolean enforcing) {
        this.enforcing = enforcing;
    }

    /**
     * The agent for a cluster.
     *
     * @param spec    the scenario's choice
     * @param cniName the CNI plugin's name ({@code calico-*} enforces under {@code auto})
     */
    public static PolicyAgent forSpec(PolicySpec spec, String cniName) {
        PolicySpec.Enforcement e = spec == null ? PolicySpec.Enforcement.AUTO : spec.enforcement();
        boolean on = e == PolicySpec.Enforcement.CALICO
                || (e == PolicySpec.Enforcement.AUTO && cniName != null && cniName.startsWith("calico"));
        return new PolicyAgent(on);
    }

    /** Whether this agent writes rules at all. */
    public boolean enforcing() {
        return enforcing;
    }

    /** The cluster's policies, checked and compiled, in namespace/name order. */
    public static List<CompiledPolicy> compile(Cluster cluster) {
        List<CompiledPolicy> out = new ArrayList<>();
        for (NetworkPolicy np : cluster.networkPolicies()) {
            out.add(CompiledPolicy.compile(np));
        }
        out.sort(Comparator.comparing(CompiledPolicy::namespace).thenComparing(CompiledPolicy::name));
        return out;
    }

    /**
     * Adds the node's policy rules to its iptables text (after kube-proxy has written it). Policies
     * are checked even when nothing enforces them, so a broken manifest is reported either way.
     *
     * @throws io.podnet.topology.TopologyException when a policy is invalid
     */
    public void program(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {
        program(cluster, node, nodeNs, nodeNs.interfaces());
    }

    /**
     * As {@link #program(Cluster, ClusterNode, NamespaceDraft)}, for a draft that holds only the
     * iptables text (a re-render after an event): the node's interfaces come from its rendered config.
     *
     * @param nodeInterfaces the node's interfaces (the host sides of the pods' veths among them)
     */
    public void program(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, List<InterfaceConfig> nodeInterfaces) {
        if (compiledFor != cluster) {
            rules = new FelixRules(cluster, compile(cluster));
            compiledFor = cluster;
        }
        if (!enforcing || cluster.networkPolicies().isEmpty()) {
            return;
        }
        List<Workload> workloads = workloads(cluster, node, nodeInterfaces);
        Map<String, List<String>> chains = rules.render(workloads);
        if (chains.isEmpty()) {
            return;
        }
        nodeNs.iptables(RestoreTextEditor.addFilterChains(iptablesOf(nodeNs), chains,
                "-m comment --comment \"networkpolicy: policy chains\" -j " + FelixRules.FORWARD,
                "-m comment --comment \"networkpolicy: policy explicitly accepted packet\" " + FelixRules.IF_ACCEPTED
                        + " -j ACCEPT"));
    }

    /** The node's pods with the host side of their veth, in pod order. */
    static List<Workload> workloads(Cluster cluster, ClusterNode node, List<InterfaceConfig> nodeInterfaces) {
        List<Workload> out = new ArrayList<>();
        for (ClusterPod pod : cluster.podsOn(node.name())) {
            if (pod.hostNetwork()) {
                continue;
            }
            for (InterfaceConfig i : nodeInterfaces) {
                if (i instanceof InterfaceConfig.Veth v && pod.netns().equals(v.peerNamespace())) {
                    out.add(new Workload(pod, v.name(), v.master()));
                    break;
                }
            }
        }
        return out;
    }

    private static String iptablesOf(NamespaceDraft ns) {
        return ns.build().iptables();
    }
}
