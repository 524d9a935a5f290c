package io.podnet.topology.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.TopologyException;
import io.podnet.topology.build.ClusterBuilder;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.kubeproxy.KubeProxy;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterRouter;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.dns.CoreDns;
import io.podnet.topology.policy.PolicyAgent;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.UnderlaySpec;
import io.podnet.topology.spec.calico.CalicoResourceReader;
import io.podnet.topology.spec.calico.CalicoResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link ClusterSpec} into the {@link NetworkConfig} of every node, router and pod.
 *
 * <p>Calico resources among the objects (projectcalico.org/v3 generic resources) are read by
 * {@link CalicoResourceReader} and handed to a {@link CalicoSpec}; with another CNI they are refused.
 *
 * <p>Per node: {@code eth0} on its segment ({@value #SEGMENT}, or {@code rack-RACK} on a routed
 * underlay) with its address, the connected route and a default route via its gateway (the
 * segment's {@code .1}: the underlay gateway or the rack router); sysctls
 * {@code net.ipv4.ip_forward=1} and {@code net.bridge.bridge-nf-call-iptables=1}; then what the CNI
 * plugin programs; then kube-proxy's rules; then the NetworkPolicy agent's rules ({@link PolicyAgent}). On a routed underlay, per rack a router {@code tor-RACK}
 * (role {@code router}): {@code eth0} on the rack (its {@code .1}), {@code eth1} on the core segment
 * {@value #CORE_SEGMENT}, {@code ip_forward=1} and a static route to every other rack via that
 * rack's router. Namespaces come out nodes first (node order), then routers (rack order), then pods
 * (pod order). BGP daemons come from the CNI plugin (Calico).
 */
public final class ClusterRenderer {
    /** The name of the single underlay segment. */
    public static final String SEGMENT = "underlay";
    /** The segment joining the rack routers of a routed underlay. */
    public static final String CORE_SEGMENT = "core";

    private ClusterRenderer() {}

    /**
     * Builds and renders the cluster.
     *
     * @param spec the cluster description
     * @param seed the scenario seed (generated names derive from it)
     * @throws io.podnet.topology.TopologyException when the description cannot be rendered
     */
    public static RenderedCluster render(ClusterSpec spec, long seed) {
        CniSpec cniSpec = withCalicoResources(spec);
        CniPlugin cni = CniPlugins.forSpec(cniSpec, spec.underlay());
        KubeProxy proxy = KubeProxies.forSpec(spec.kubeProxy());
        // policy helper: NetworkPolicy enforcement (the agent decides from the CNI and spec.policy()).
        PolicyAgent policyAgent = PolicyAgent.forSpec(spec.policy(), cni.name());
        spec = CoreDns.install(spec); // policy helper: the CoreDNS add-on's objects when cluster.dns enables it
        Cluster cluster = ClusterBuilder.build(spec, cni, seed);
        Agents agents = new Agents(spec, seed, cni, proxy, policyAgent, routers(spec.underlay()));
        return new RenderedCluster(agents.network(cluster, null), cluster, agents);
    }

    /**
     * What programs the nodes of one rendering, kept with its result so that a node can be rendered
     * again for another state of the cluster ({@link RenderedCluster#rerender}) by the very plugin
     * instances (and so the IPAM state) that rendered it first.
     */
    static final class Agents {
        final ClusterSpec spec;
        final long seed;
        final CniPlugin cni;
        final KubeProxy proxy;
        final PolicyAgent policy;
        final List<ClusterRouter> routers;

        Agents(ClusterSpec spec, long seed, CniPlugin cni, KubeProxy proxy, PolicyAgent policy, List<ClusterRouter> routers) {
            this.spec = spec;
            this.seed = seed;
            this.cni = cni;
            this.proxy = proxy;
            this.policy = policy;
            this.routers = routers;
        }

        /**
         * Every namespace for {@code cluster}: nodes in node order, then routers, then pods in pod
         * order; with {@code bgp}, or (null) the daemons the CNI runs once every node is wired.
         */
        NetworkConfig network(Cluster cluster, List<BgpDaemonConfig> bgp) {
            List<NamespaceConfig> nodeConfigs = new ArrayList<>();
            Map<String, NamespaceConfig> podByNetns = new LinkedHashMap<>();
            for (ClusterNode node : cluster.nodes()) {
                Map<ClusterPod, NamespaceDraft> pods = new LinkedHashMap<>();
                nodeConfigs.add(MtuRendering.apply(node(cluster, node, pods).build(), spec.mtu()));
                for (NamespaceDraft d : pods.values()) {
                    podByNetns.put(d.name(), MtuRendering.apply(d.build(), spec.mtu()));
                }
            }
            List<NamespaceConfig> all = new ArrayList<>(nodeConfigs);
            for (ClusterRouter r : routers) {
                all.add(router(r, routers, spec.underlay()));
            }
            for (ClusterPod pod : cluster.pods()) {
                NamespaceConfig c = podByNetns.get(pod.netns());
                if (c != null && !pod.hostNetwork()) {
                    all.add(c);
                }
            }
            return new NetworkConfig(all, segments(spec.underlay()), bgp != null ? bgp : cni.bgpDaemons(cluster, routers));
        }

        /**
         * One node as its agents program it: {@code eth0}, its routes and sysctls, then the CNI
         * (node and pod namespaces, filled into {@code pods}), kube-proxy, the CNI's rules after
         * kube-proxy, and the NetworkPolicy agent (after kube-proxy, as Felix inserts).
         */
        NamespaceDraft node(Cluster cluster, ClusterNode node, Map<ClusterPod, NamespaceDraft> pods) {
            NamespaceDraft nodeNs = new NamespaceDraft(node.name(), "node", node.name());
            nodeNs.addInterface(new InterfaceConfig.Nic("eth0", MacAddress.derived(node.name() + "/eth0"),
                    spec.underlay().mtu(), List.of(node.addressWithPrefix()),
                    node.rack() == null ? SEGMENT : "rack-" + node.rack()));
            nodeNs.addRoute(RouteConfig.connected(node.underlay(), "eth0", node.address()));
            nodeNs.addRoute(RouteConfig.via(Ipv4Prefix.DEFAULT, node.gateway(), "eth0", false));
            nodeNs.sysctls(new Sysctls(true, List.of(), true, 0));
            for (ClusterPod pod : cluster.podsOn(node.name())) {
                if (!pod.hostNetwork()) {
                    pods.put(pod, new NamespaceDraft(pod.netns(), "pod", node.name()));
                }
            }
            cni.wire(cluster, node, nodeNs, pods);
            proxy.program(cluster, node, nodeNs);
            cni.afterKubeProxy(cluster, node, nodeNs);
            policy.program(cluster, node, nodeNs);
            return nodeNs;
        }
    }

    /** The CNI spec with the Calico resources among the objects, which other designs refuse. */
    private static CniSpec withCalicoResources(ClusterSpec spec) {
        List<HasMetadata> calico = new ArrayList<>();
        for (HasMetadata o : spec.objects()) {
            if (CalicoResourceReader.isCalico(o)) {
                calico.add(o);
            }
        }
        if (spec.cni() instanceof CalicoSpec c) {
            if (calico.isEmpty()) {
                return c;
            }
            CalicoResources r = CalicoResourceReader.read(calico);
            return c.withResources(r);
        }
        if (!calico.isEmpty()) {
            HasMetadata o = calico.get(0);
            String name = o.getMetadata() == null ? "?" : o.getMetadata().getName();
            throw new TopologyException(String.valueOf(o.getKind()).toLowerCase(Locale.ROOT) + "/" + name, "the Calico resource "
                    + o.getKind() + " " + name + " needs cni calico (calico, calico-bgp, calico-ipip, calico-vxlan, ...),"
                    + " but the cluster uses " + spec.cni().displayName() + "; remove it or switch the CNI");
        }
        return spec.cni();
    }

    /** The routers of a routed underlay, in rack order (router i takes core host i+1). */
    public static List<ClusterRouter> routers(UnderlaySpec u) {
        List<ClusterRouter> out = new ArrayList<>();
        for (int i = 0; i < u.racks().size(); i++) {
            RackSpec r = u.racks().get(i);
            out.add(new ClusterRouter(r.routerName(), r.name(), r.cidr(), r.cidr().host(1), u.cidr(), u.cidr().host(i + 1)));
        }
        return out;
    }

    private static NamespaceConfig router(ClusterRouter r, List<ClusterRouter> all, UnderlaySpec u) {
        NamespaceDraft ns = new NamespaceDraft(r.name(), "router", r.name());
        ns.addInterface(new InterfaceConfig.Nic("eth0", MacAddress.derived(r.name() + "/eth0"), u.mtu(),
                List.of(new Ipv4Prefix(r.rackAddress(), r.rackCidr().length())), "rack-" + r.rack()));
        ns.addInterface(new InterfaceConfig.Nic("eth1", MacAddress.derived(r.name() + "/eth1"), u.mtu(),
                List.of(new Ipv4Prefix(r.coreAddress(), r.coreCidr().length())), CORE_SEGMENT));
        ns.addRoute(RouteConfig.connected(r.rackCidr(), "eth0", r.rackAddress()));
        ns.addRoute(RouteConfig.connected(r.coreCidr(), "eth1", r.coreAddress()));
        for (ClusterRouter other : all) {
            if (!other.name().equals(r.name())) {
                ns.addRoute(RouteConfig.via(other.rackCidr(), other.coreAddress(), "eth1", false));
            }
        }
        ns.sysctls(new Sysctls(true, List.of(), false, 0));
        return ns.build();
    }

    private static List<SegmentConfig> segments(UnderlaySpec u) {
        if (!u.routed()) {
            return List.of(new SegmentConfig(SEGMENT, u.cidr(), u.bandwidthBitsPerSecond(), u.latencyNanos(), u.mtu(),
                    u.queuePackets()));
        }
        List<SegmentConfig> out = new ArrayList<>();
        for (RackSpec r : u.racks()) {
            out.add(new SegmentConfig(r.segmentName(), r.cidr(), u.bandwidthBitsPerSecond(), u.latencyNanos(), u.mtu(),
                    u.queuePackets()));
        }
        out.add(new SegmentConfig(CORE_SEGMENT, u.cidr(), u.bandwidthBitsPerSecond(), u.latencyNanos(), u.mtu(),
                u.queuePackets()));
        return out;
    }
}
