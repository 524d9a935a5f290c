package io.podnet.topology.render;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
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
import io.podnet.topology.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ClusterSpec} into the {@link NetworkConfig} of every node and pod.
 *
 * <p>Per node: {@code eth0} on the underlay segment {@value #SEGMENT} with its address, the
 * connected underlay route and a default route via the underlay gateway; sysctls
 * {@code net.ipv4.ip_forward=1} and {@code net.bridge.bridge-nf-call-iptables=1}; then what the
 * CNI plugin programs (devices, routes, neighbour and FDB entries, pod namespaces); then
 * kube-proxy's rules; then the NetworkPolicy agent's rules ({@link PolicyAgent}). Namespaces come out nodes first (node order), then pods (pod order).
 */
public final class ClusterRenderer {
    /** The name of the single underlay segment. */
    public static final String SEGMENT = "underlay";

    private ClusterRenderer() {}

    /**
     * Builds and renders the cluster.
     *
     * @param spec the cluster description
     * @param seed the scenario seed (generated names derive from it)
     * @throws io.podnet.topology.TopologyException when the description cannot be rendered
     */
    public static RenderedCluster render(ClusterSpec spec, long seed) {
        CniPlugin cni = CniPlugins.forSpec(spec.cni(), spec.underlay());
        KubeProxy proxy = KubeProxies.forSpec(spec.kubeProxy());
        // policy helper: NetworkPolicy enforcement (the agent decides from the CNI and spec.policy()).
        PolicyAgent policyAgent = PolicyAgent.forSpec(spec.policy(), cni.name());
        Cluster cluster = ClusterBuilder.build(spec, cni, seed);
        List<NamespaceConfig> nodeConfigs = new ArrayList<>();
        List<NamespaceConfig> podConfigs = new ArrayList<>();
        Map<String, NamespaceConfig> podByNetns = new LinkedHashMap<>();
        for (ClusterNode node : cluster.nodes()) {
            NamespaceDraft nodeNs = new NamespaceDraft(node.name(), "node", node.name());
            nodeNs.addInterface(new InterfaceConfig.Nic("eth0", MacAddress.derived(node.name() + "/eth0"),
                    spec.underlay().mtu(), List.of(node.addressWithPrefix()), SEGMENT));
            nodeNs.addRoute(RouteConfig.connected(node.underlay(), "eth0", node.address()));
            nodeNs.addRoute(RouteConfig.via(Ipv4Prefix.DEFAULT, spec.underlay().gateway(), "eth0", false));
            nodeNs.sysctls(new Sysctls(true, List.of(), true, 0));
            Map<ClusterPod, NamespaceDraft> pods = new LinkedHashMap<>();
            for (ClusterPod pod : cluster.podsOn(node.name())) {
                if (!pod.hostNetwork()) {
                    pods.put(pod, new NamespaceDraft(pod.netns(), "pod", node.name()));
                }
            }
            cni.wire(cluster, node, nodeNs, pods);
            proxy.program(cluster, node, nodeNs);
            policyAgent.program(cluster, node, nodeNs); // policy helper: after kube-proxy, as Felix inserts
            nodeConfigs.add(nodeNs.build());
            for (NamespaceDraft d : pods.values()) {
                podByNetns.put(d.name(), d.build());
            }
        }
        for (ClusterPod pod : cluster.pods()) {
            NamespaceConfig c = podByNetns.get(pod.netns());
            if (c != null && !pod.hostNetwork()) {
                podConfigs.add(c);
            }
        }
        List<NamespaceConfig> all = new ArrayList<>(nodeConfigs);
        all.addAll(podConfigs);
        SegmentConfig segment = new SegmentConfig(SEGMENT, spec.underlay().cidr(), spec.underlay().bandwidthBitsPerSecond(),
                spec.underlay().latencyNanos(), spec.underlay().mtu(), spec.underlay().queuePackets());
        return new RenderedCluster(new NetworkConfig(all, List.of(segment)), cluster, cni.name(), proxy.mode());
    }
}
