package io.podnet.reports.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark cluster (the same as the scale measurement's, {@code topology} test
 * {@code bench/BenchClusters}): {@code nodes} nodes on a /16 underlay (10 Gbit/s, 50 µs), Flannel
 * VXLAN over 10.128.0.0/9 (a /24 per node), Services in 10.96.0.0/12 (kube-proxy iptables mode),
 * the pods as Deployments of 3 replicas; Service {@code i} selects Deployment {@code i % groups}.
 */
final class BenchCluster {
    static final int REPLICAS = 3;

    private BenchCluster() {}

    static ClusterSpec flannelVxlan(int nodes, int pods, int services) {
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
                FlannelSpec.of(Ipv4Prefix.parse("10.128.0.0/9"), FlannelSpec.Backend.VXLAN), objects);
    }

    /** Realises a rendered cluster: every namespace with rules gets its netfilter (one parse per distinct text). */
    static SimNetwork build(RenderedCluster rc, Engine engine, Tracer tracer, SeededRandoms randoms) {
        RulesetCache rulesets = new RulesetCache();
        return new NetworkBuilder(rc.network(), engine, tracer, randoms)
                .packetFilters((nc, ns) -> nc.iptables().isBlank() ? PacketFilter.ACCEPT_ALL
                        : new Netfilter(rulesets.get(nc.iptables()), new Conntrack(engine),
                                randoms.stream("netfilter/" + ns.name()), context(ns), tracer, ns.name()))
                .build();
    }

    /** The socket layer of a namespace, attached for local delivery. */
    static SocketLayer sockets(SimNetwork net, SeededRandoms randoms, String netns) {
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
