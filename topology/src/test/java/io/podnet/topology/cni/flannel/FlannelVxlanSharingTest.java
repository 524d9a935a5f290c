package io.podnet.topology.cni.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.Fixtures;
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
 * What flanneld programs on every node for every other node (the route {@code R_SUBNET via
 * R_SUBNET.0 dev flannel.1 onlink}, the permanent neighbour and the FDB entry of the remote VTEP:
 * flannel's {@code backend/vxlan} network manager) is rendered once per cluster and shared by the
 * nodes' configurations and tables, and nodes with the same kube-proxy text share one parsed ruleset.
 */
class FlannelVxlanSharingTest {
    private static final int NODES = 4;

    private static RenderedCluster render() {
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            nodes.add(NodeSpec.named("node" + i));
        }
        List<HasMetadata> objects = List.of(Fixtures.deployment("web", 4, Map.of("app", "web"), 8080),
                Fixtures.service("web", null, Map.of("app", "web"), 80, 8080));
        UnderlaySpec underlay = new UnderlaySpec(Ipv4Prefix.parse("172.16.0.0/16"), 1500, 10_000_000_000L, 50_000L, 1000);
        ClusterSpec spec = new ClusterSpec(nodes, underlay, Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local",
                KubeProxySpec.IPTABLES, FlannelSpec.of(Ipv4Prefix.parse("10.244.0.0/16"), FlannelSpec.Backend.VXLAN), objects);
        return ClusterRenderer.render(spec, 1);
    }

    @Test
    void everyNodeHoldsTheOtherNodesEntriesAsOneSharedArray() {
        RenderedCluster rc = render();
        List<NamespaceConfig> nodes = rc.network().namespaces().subList(0, NODES);
        Object shared = null;
        for (NamespaceConfig n : nodes) {
            List<String> remote = new ArrayList<>();
            for (RouteConfig r : n.routes()) {
                if ("flannel.1".equals(r.device())) {
                    remote.add(r.text());
                }
            }
            List<String> expected = new ArrayList<>();
            for (NamespaceConfig other : nodes) {
                if (other != n) {
                    Ipv4Prefix subnet = rc.cluster().node(other.name()).podCidr();
                    expected.add(subnet + " via " + subnet.network() + " dev flannel.1 onlink");
                }
            }
            assertEquals(expected, remote, "flannel.1 routes of " + n.name());
            assertEquals(NODES - 1, n.neighbours().size());
            assertEquals(NODES - 1, n.fdb().size());
            EntryList<RouteConfig> routes = assertInstanceOf(EntryList.class, n.routes());
            for (EntryList.Part<RouteConfig> p : routes.parts()) {
                if (p instanceof EntryList.Shared<RouteConfig> s) {
                    shared = shared == null ? s.entries() : shared;
                    assertSame(shared, s.entries(), "one shared array for every node");
                }
            }
        }
        // The same route object on every node that holds it.
        Ipv4Prefix subnet4 = rc.cluster().node("node4").podCidr();
        RouteConfig first = null;
        for (NamespaceConfig n : nodes.subList(0, NODES - 1)) {
            RouteConfig r = n.routes().stream().filter(x -> x.destination().equals(subnet4)).findFirst().orElseThrow();
            first = first == null ? r : first;
            assertSame(first, r);
        }
    }

    @Test
    void nodesShareTablesAndOneParsedRuleset() {
        RenderedCluster rc = render();
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        SeededRandoms randoms = new SeededRandoms(1);
        RulesetCache rulesets = new RulesetCache();
        SimNetwork net = new NetworkBuilder(rc.network(), engine, tracer, randoms)
                .packetFilters((nc, ns) -> nc.iptables().isBlank() ? PacketFilter.ACCEPT_ALL
                        // a copy of the text: equal rules, not the same string, still one parse
                        : new Netfilter(rulesets.get(new String(nc.iptables())), new Conntrack(engine),
                                randoms.stream("netfilter/" + ns.name()), context(ns), tracer, ns.name()))
                .build();
        NetNamespace node1 = net.namespace("node1");
        Netfilter f1 = (Netfilter) node1.filter();
        for (int i = 2; i <= NODES; i++) {
            NetNamespace n = net.namespace("node" + i);
            assertSame(f1.ruleset(), ((Netfilter) n.filter()).ruleset(), "node" + i + " shares node1's parsed rules");
            assertEquals(NODES - 1, n.routes().sharedSize(), "node" + i + " routes to the others through the shared layer");
            assertEquals(NODES - 1, n.neighbours().sharedSize());
        }
        assertEquals(1, rulesets.size());
        // Lookups through the shared layer: node1 reaches node3's pods over flannel.1, its own over cni0.
        Ipv4Prefix own = rc.cluster().node("node1").podCidr();
        Ipv4Prefix third = rc.cluster().node("node3").podCidr();
        assertEquals("flannel.1", node1.routes().lookup(third.host(5)).device().name());
        assertEquals(third.network(), node1.routes().lookup(third.host(5)).nextHop(third.host(5)));
        assertEquals("cni0", node1.routes().lookup(own.host(5)).device().name());
        assertTrue(node1.routes().show().contains(third + " via " + third.network() + " dev flannel.1 onlink"));
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
