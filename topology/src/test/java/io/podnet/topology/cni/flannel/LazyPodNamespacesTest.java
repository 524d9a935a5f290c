package io.podnet.topology.cni.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.app.HttpServerApp;
import io.podnet.sim.socket.app.TcpClientApp;
import io.podnet.sim.socket.app.TrafficResult;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.Fixtures;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ServiceEndpoint;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pod namespaces built lazily ({@link NetworkBuilder#lazy}): a request from a pod to a Service
 * gives the same trace, event for event, as with every namespace built at once, and only the
 * namespaces the traffic reaches are built (the client and server pods named by the test, and the
 * pods an ARP broadcast on their nodes' cni0 reaches).
 */
class LazyPodNamespacesTest {
    private static final int NODES = 4;

    private static RenderedCluster render() {
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            nodes.add(NodeSpec.named("node" + i));
        }
        List<HasMetadata> objects = List.of(Fixtures.deployment("web", 2, Map.of("app", "web"), 8080),
                Fixtures.deployment("idle", 12, Map.of("app", "idle"), 8080),
                Fixtures.service("web", null, Map.of("app", "web"), 80, 8080));
        UnderlaySpec underlay = new UnderlaySpec(Ipv4Prefix.parse("172.16.0.0/16"), 1500, 10_000_000_000L, 50_000L, 1000);
        ClusterSpec spec = new ClusterSpec(nodes, underlay, Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local",
                KubeProxySpec.IPTABLES, FlannelSpec.of(Ipv4Prefix.parse("10.244.0.0/16"), FlannelSpec.Backend.VXLAN), objects);
        return ClusterRenderer.render(spec, 1);
    }

    private record Outcome(List<String> trace, List<String> results, int built, int total) {
    }

    private static Outcome run(RenderedCluster rc, boolean lazyPods) {
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        List<String> trace = new ArrayList<>();
        tracer.addListener((TraceEvent e) -> trace.add(e.toString()));
        SeededRandoms randoms = new SeededRandoms(7);
        RulesetCache rulesets = new RulesetCache();
        SimNetwork net = new NetworkBuilder(rc.network(), engine, tracer, randoms)
                .packetFilters((nc, ns) -> nc.iptables().isBlank() ? PacketFilter.ACCEPT_ALL
                        : new Netfilter(rulesets.get(nc.iptables()), new Conntrack(engine),
                                randoms.stream("netfilter/" + ns.name()), context(ns), tracer, ns.name()))
                .lazy(nc -> lazyPods && "pod".equals(nc.role()))
                .build();
        ClusterService web = rc.cluster().services().stream().filter(s -> s.name().equals("web")).findFirst().orElseThrow();
        for (ServiceEndpoint ep : web.ports().get(0).endpoints()) {
            new HttpServerApp(layer(net, randoms, rc.cluster().podByIp(ep.ip()).netns()), 8080, 1024).start();
        }
        ClusterPod client = rc.cluster().pods().stream().filter(p -> p.name().startsWith("idle"))
                .filter(p -> p.node().equals("node1")).findFirst().orElseThrow();
        List<String> results = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            TcpClientApp c = TcpClientApp.http(layer(net, randoms, client.netns()),
                    new TrafficSpec("flow" + f, new Endpoint(web.clusterIp(), 80), 200, 4096, 1_000_000_000L), web.name(),
                    r -> results.add(r.summary()));
            engine.at(engine.now() + f * 10_000L, c::start);
        }
        engine.runUntilIdle();
        return new Outcome(trace, results, net.builtNamespaces(), rc.network().namespaces().size());
    }

    private static final Map<SimNetwork, Map<String, SocketLayer>> LAYERS = new java.util.IdentityHashMap<>();

    private static SocketLayer layer(SimNetwork net, SeededRandoms randoms, String netns) {
        return LAYERS.computeIfAbsent(net, k -> new java.util.HashMap<>()).computeIfAbsent(netns, n -> {
            NetNamespace ns = net.namespace(n);
            SocketLayer l = new SocketLayer(ns, randoms.stream("sockets/" + n));
            ns.setLocalDelivery(l);
            return l;
        });
    }

    @Test
    void lazyPodsGiveTheSameTraceAndBuildOnlyWhatTrafficReaches() {
        RenderedCluster rc = render();
        Outcome eager = run(rc, false);
        Outcome lazy = run(rc, true);
        assertEquals(4, eager.results().size());
        assertTrue(eager.results().stream().allMatch(r -> r.contains("DELIVERED")), eager.results().toString());
        assertEquals(eager.results(), lazy.results());
        assertEquals(eager.trace(), lazy.trace());
        assertEquals(eager.total(), eager.built());
        assertTrue(lazy.built() < lazy.total(), "built " + lazy.built() + " of " + lazy.total());
    }

    @Test
    void listingEveryNamespaceBuildsThemAllInConfigurationOrder() {
        RenderedCluster rc = render();
        Engine engine = new Engine();
        SimNetwork net = new NetworkBuilder(rc.network(), engine, new Tracer(engine), new SeededRandoms(1))
                .lazy(nc -> "pod".equals(nc.role())).build();
        assertEquals(NODES, net.builtNamespaces());
        List<String> names = net.namespaces().stream().map(NetNamespace::name).toList();
        assertEquals(rc.network().namespaces().stream().map(c -> c.name()).toList(), names);
        assertEquals(rc.network().namespaces().size(), net.builtNamespaces());
        // Each pod's eth0 is paired with its node's veth, as when built at once.
        for (ClusterPod p : rc.cluster().pods()) {
            NetNamespace ns = net.namespace(p.netns());
            assertEquals(p.node(), ((io.podnet.sim.device.VethDevice) ns.device("eth0")).peer().host().name());
        }
    }

    private static NetfilterContext context(NetNamespace ns) {
        return new NetfilterContext() {
            @Override
            public boolean isLocalAddress(io.podnet.sim.net.Ipv4Address address) {
                return ns.isLocalAddress(address);
            }

            @Override
            public io.podnet.sim.net.Ipv4Address primaryAddress(String device) {
                return ns.primaryAddress(device);
            }
        };
    }
}
