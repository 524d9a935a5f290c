package io.podnet.topology.scale;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scale cluster: {@code nodes} nodes on a /16 underlay (10 Gbit/s, 50 µs), pods in 10.128.0.0/9
 * (Flannel: a /24 per node, room for 32,768 nodes; Calico: /26 blocks of that pool), Services in
 * 10.96.0.0/12 (kube-proxy iptables mode), the pods as Deployments of {@link #REPLICAS} replicas.
 * Service {@code i} selects Deployment {@code i % groups}, so every Service has 3 endpoints; groups
 * beyond the Service count are pods that serve nothing (clients).
 */
public final class ScaleCluster {
    /** Replicas per Deployment (endpoints per Service). */
    public static final int REPLICAS = 3;
    /** The pod network of every design. */
    public static final Ipv4Prefix POD_NETWORK = Ipv4Prefix.parse("10.128.0.0/9");

    private ScaleCluster() {}

    /** The CNI designs the scale cluster can be built with. */
    public enum Cni {
        /** Flannel, vxlan backend: per remote node a route, a neighbour and an FDB entry (rendered, shared). */
        FLANNEL_VXLAN("flannel-vxlan"),
        /** Flannel, host-gw backend: per remote node a route via the node's address (rendered, shared). */
        FLANNEL_HOST_GW("flannel-host-gw"),
        /** Calico without encapsulation: per remote block a route that BIRD installs at run time (full BGP mesh). */
        CALICO_BGP("calico-bgp");

        private final String text;

        Cni(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The design named {@code text}; an {@link IllegalArgumentException} naming the accepted ones otherwise. */
        public static Cni parse(String text) {
            for (Cni c : values()) {
                if (c.text.equals(text)) {
                    return c;
                }
            }
            List<String> names = new ArrayList<>();
            for (Cni c : values()) {
                names.add(c.text);
            }
            throw new IllegalArgumentException("unknown scale CNI '" + text + "'; accepted: " + String.join(", ", names));
        }

        CniSpec spec() {
            return switch (this) {
                case FLANNEL_VXLAN -> FlannelSpec.of(POD_NETWORK, FlannelSpec.Backend.VXLAN);
                case FLANNEL_HOST_GW -> FlannelSpec.of(POD_NETWORK, FlannelSpec.Backend.HOST_GW);
                case CALICO_BGP -> CalicoSpec.of(CalicoSpec.Design.BGP).withDefaultPool(POD_NETWORK);
            };
        }
    }

    /** The pod count for {@code podsPerNode} pods per node: rounded down to whole Deployments. */
    public static int pods(int nodes, int podsPerNode) {
        return podsPerNode * nodes / REPLICAS * REPLICAS;
    }

    /** A cluster of {@code nodes} nodes, {@code pods} pods (a multiple of 3) and {@code services} Services. */
    public static ClusterSpec spec(Cni cni, int nodes, int pods, int services) {
        if (nodes < 1 || pods < 0 || services < 0) {
            throw new IllegalArgumentException("a scale cluster needs nodes >= 1, pods >= 0 and services >= 0, was "
                    + nodes + ", " + pods + ", " + services);
        }
        List<NodeSpec> ns = new ArrayList<>(nodes);
        for (int i = 1; i <= nodes; i++) {
            ns.add(NodeSpec.named("node" + i));
        }
        int groups = Math.max(1, pods / REPLICAS);
        List<HasMetadata> objects = new ArrayList<>(groups + services);
        for (int g = 0; g < groups; g++) {
            Map<String, String> labels = Map.of("app", "app" + g);
            objects.add(new DeploymentBuilder().withNewMetadata().withName("app" + g).withNamespace("default")
                    .endMetadata().withNewSpec().withReplicas(REPLICAS).withNewSelector().withMatchLabels(labels)
                    .endSelector().withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("nginx")
                    .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec()
                    .endTemplate().endSpec().build());
        }
        for (int s = 0; s < services; s++) {
            objects.add(new ServiceBuilder().withNewMetadata().withName("svc" + s).withNamespace("default")
                    .endMetadata().withNewSpec().withSelector(Map.of("app", "app" + (s % groups)))
                    .addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).withProtocol("TCP").endPort()
                    .endSpec().build());
        }
        UnderlaySpec underlay = new UnderlaySpec(Ipv4Prefix.parse("172.16.0.0/16"), 1500, 10_000_000_000L, 50_000L,
                1000);
        return new ClusterSpec(ns, underlay, Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local", KubeProxySpec.IPTABLES,
                cni.spec(), objects);
    }

    /** Whether a namespace is a pod's (what the measurements build lazily). */
    public static boolean isPod(NamespaceConfig nc) {
        return "pod".equals(nc.role());
    }

    /**
     * A builder of the rendered cluster in which every namespace with rules gets its netfilter (one
     * parse per distinct text, through {@code rulesets}); the caller adds laziness and progress.
     */
    public static NetworkBuilder builder(RenderedCluster rc, Engine engine, Tracer tracer, SeededRandoms randoms,
                                         RulesetCache rulesets) {
        return new NetworkBuilder(rc.network(), engine, tracer, randoms)
                .packetFilters((nc, ns) -> nc.iptables().isBlank() ? PacketFilter.ACCEPT_ALL
                        : new Netfilter(rulesets.get(nc.iptables()), new Conntrack(engine),
                                randoms.stream("netfilter/" + ns.name()), context(ns), tracer, ns.name()));
    }

    /** The socket layer of a namespace (built now if it was waiting), attached for local delivery. */
    public static SocketLayer sockets(SimNetwork net, SeededRandoms randoms, String netns) {
        NetNamespace ns = net.namespace(netns);
        SocketLayer l = new SocketLayer(ns, randoms.stream("sockets/" + netns));
        ns.setLocalDelivery(l);
        return l;
    }

    private static NetfilterContext context(NetNamespace ns) {
        return new NetfilterContext() {
            @Override
            public boolean isLocalAddress(Ipv4Address address) {
                return ns.isLocalAddress(address);
            }

            @Override
            public Ipv4Address primaryAddress(String device) {
                return ns.primaryAddress(device);
            }
        };
    }
}
