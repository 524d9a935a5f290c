package io.podnet.topology.cni.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.Route;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.Fixtures;
import io.podnet.topology.model.ClusterNode;
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
 * What flanneld's host-gw backend programs on every node for every other node
 * ({@code ip route replace R_SUBNET via R_NODE_IP dev eth0}: flannel's {@code backend/hostgw}, a
 * route manager entry per lease) is rendered once per cluster and shared by the nodes'
 * configurations and tables, and answers as the same routes copied into every node.
 */
class FlannelHostGwSharingTest {
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
                KubeProxySpec.IPTABLES, FlannelSpec.of(Ipv4Prefix.parse("10.244.0.0/16"), FlannelSpec.Backend.HOST_GW),
                objects);
        return ClusterRenderer.render(spec, 1);
    }

    private static SimNetwork build(NetworkConfig cfg) {
        Engine engine = new Engine();
        return new NetworkBuilder(cfg, engine, new Tracer(engine), new SeededRandoms(1)).build();
    }

    /** The same configuration with every list copied flat: what the renderer wrote before the sharing. */
    private static NetworkConfig copies(NetworkConfig cfg) {
        List<NamespaceConfig> out = new ArrayList<>();
        for (NamespaceConfig n : cfg.namespaces()) {
            out.add(new NamespaceConfig(n.name(), n.role(), n.owner(), n.interfaces(), new ArrayList<>(n.routes()),
                    new ArrayList<>(n.neighbours()), new ArrayList<>(n.fdb()), n.sysctls(), n.iptables(), n.nftables(),
                    n.ipvs()));
        }
        return new NetworkConfig(out, cfg.segments(), cfg.bgp());
    }

    @Test
    void everyNodeHoldsTheOtherNodesRoutesAsOneSharedArray() {
        RenderedCluster rc = render();
        List<NamespaceConfig> nodes = rc.network().namespaces().subList(0, NODES);
        Object shared = null;
        for (NamespaceConfig n : nodes) {
            List<String> remote = new ArrayList<>();
            for (RouteConfig r : n.routes()) {
                if (r.via() != null && r.destination().length() == 24) {
                    remote.add(r.text());
                }
            }
            List<String> expected = new ArrayList<>();
            for (NamespaceConfig other : nodes) {
                if (other != n) {
                    ClusterNode o = rc.cluster().node(other.name());
                    expected.add(o.podCidr() + " via " + o.address() + " dev eth0");
                }
            }
            assertEquals(expected, remote, "host-gw routes of " + n.name());
            EntryList<RouteConfig> routes = assertInstanceOf(EntryList.class, n.routes());
            for (EntryList.Part<RouteConfig> p : routes.parts()) {
                if (p instanceof EntryList.Shared<RouteConfig> s) {
                    shared = shared == null ? s.entries() : shared;
                    assertSame(shared, s.entries(), "one shared array for every node");
                }
            }
        }
        assertEquals(NODES, ((io.podnet.sim.config.SharedEntries<?>) shared).size());
    }

    @Test
    void nodesRouteThroughTheSharedLayerAsThroughCopies() {
        RenderedCluster rc = render();
        SimNetwork net = build(rc.network());
        SimNetwork copies = build(copies(rc.network()));
        for (int i = 1; i <= NODES; i++) {
            NetNamespace n = net.namespace("node" + i);
            NetNamespace c = copies.namespace("node" + i);
            assertEquals(NODES - 1, n.routes().sharedSize(), "node" + i + " routes to the others through the shared layer");
            assertEquals(0, c.routes().sharedSize());
            assertEquals(c.routes().show(), n.routes().show(), "ip route show on node" + i);
            for (ClusterNode other : rc.cluster().nodes()) {
                for (Ipv4Address dst : List.of(other.podCidr().host(5), other.address(), other.podCidr().network())) {
                    Route e = c.routes().lookup(dst);
                    Route a = n.routes().lookup(dst);
                    assertEquals(e.text(), a.text(), dst + " on node" + i);
                    assertEquals(e.device().location(), a.device().location(), dst + " on node" + i);
                    assertEquals(e.nextHop(dst), a.nextHop(dst), dst + " on node" + i);
                }
            }
        }
        // node1 reaches node3's pods through eth0 with node3's address as the next hop.
        ClusterNode third = rc.cluster().node("node3");
        Route r = net.namespace("node1").routes().lookup(third.podCidr().host(5));
        assertEquals("eth0", r.device().name());
        assertEquals(third.address(), r.nextHop(third.podCidr().host(5)));
    }
}
