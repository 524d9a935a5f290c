package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Flannel host-gw's route per remote node, as flanneld's {@code backend/hostgw} programs it
 * ({@code ip route add R_SUBNET via R_NODE_IP dev eth0}, no {@code onlink}), shared as one layer:
 * the kernel accepts such a route only when the gateway is on a subnet of the device ("Nexthop has
 * invalid gateway" otherwise, {@code fib_check_nh}), so the layer is used on a node only when its
 * {@code eth0} subnet holds every gateway; elsewhere the routes are installed one by one and
 * {@code ip route add} decides (a connected route to the gateways, or the error). Every answer is
 * compared with the same routes copied into every node.
 */
class SharedGatewayRoutesTest {
    private static final int NODES = 5;
    private static final Comparator<RouteConfig> ORDER = Comparator
            .<RouteConfig>comparingLong(r -> Integer.toUnsignedLong(r.destination().network().bits()))
            .thenComparingInt(r -> r.destination().length());
    private static final Ipv4Prefix UNDERLAY = Ipv4Prefix.parse("172.16.0.0/16");

    private static Ipv4Prefix subnet(int i) {
        return Ipv4Prefix.parse("10.244." + i + ".0/24");
    }

    /** Node addresses on different /24s of the /16 underlay. */
    private static Ipv4Address nodeIp(int i) {
        return Ipv4Address.parse("172.16." + i + ".10");
    }

    private static RouteConfig remoteRoute(int i) {
        return RouteConfig.via(subnet(i), nodeIp(i), "eth0", false);
    }

    private static List<RouteConfig> ownRoutes(int i) {
        return List.of(RouteConfig.connected(UNDERLAY, "eth0", nodeIp(i)),
                RouteConfig.via(Ipv4Prefix.DEFAULT, Ipv4Address.parse("172.16.0.1"), "eth0", false));
    }

    /** eth0 on the underlay (/16 unless {@code eth0} says otherwise) and cni0 with the node's subnet. */
    private static List<InterfaceConfig> interfaces(int i, Ipv4Prefix eth0) {
        return List.of(
                new InterfaceConfig.Nic("eth0", MacAddress.derived("n" + i + "/eth0"), 1500, List.of(eth0), "underlay"),
                new InterfaceConfig.Bridge("cni0", MacAddress.derived("n" + i + "/cni0"), 1500,
                        List.of(Ipv4Prefix.parse("10.244." + i + ".1/24"))));
    }

    private static SegmentConfig underlay() {
        return new SegmentConfig("underlay", UNDERLAY, 10_000_000_000L, 0, 1500, 100);
    }

    private static NamespaceConfig node(int i, List<InterfaceConfig> interfaces, List<RouteConfig> routes) {
        return new NamespaceConfig("n" + i, "node", "n" + i, interfaces, routes, List.of(), List.of(),
                new Sysctls(true, List.of(), true, 0), "");
    }

    /** How node 0 differs from the others (its eth0 address and own routes), or null: not at all. */
    private record Node0(Ipv4Prefix eth0, List<RouteConfig> own) {
    }

    private static NetworkConfig copied(Node0 n0) {
        List<NamespaceConfig> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            boolean special = i == 0 && n0 != null;
            List<RouteConfig> routes = new ArrayList<>(special ? n0.own() : ownRoutes(i));
            for (int r = 0; r < NODES; r++) {
                if (r != i) {
                    routes.add(remoteRoute(r));
                }
            }
            routes.sort(ORDER);
            out.add(node(i, interfaces(i, special ? n0.eth0() : new Ipv4Prefix(nodeIp(i), 16)), routes));
        }
        return new NetworkConfig(out, List.of(underlay()));
    }

    private static NetworkConfig shared(SharedEntries<RouteConfig> routes, Node0 n0) {
        List<NamespaceConfig> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            boolean special = i == 0 && n0 != null;
            List<RouteConfig> own = new ArrayList<>(special ? n0.own() : ownRoutes(i));
            own.sort(ORDER);
            // Own routes sort around the 10.244 block: those below 10.244/16, the shared routes, the rest.
            List<RouteConfig> before = own.stream().filter(r -> ORDER.compare(r, routes.get(0)) < 0).toList();
            List<RouteConfig> after = own.stream().filter(r -> ORDER.compare(r, routes.get(0)) > 0).toList();
            List<RouteConfig> r = EntryList.of(List.of(new EntryList.Own<>(before), routes.except(i),
                    new EntryList.Own<>(after)));
            out.add(node(i, interfaces(i, special ? n0.eth0() : new Ipv4Prefix(nodeIp(i), 16)), r));
        }
        return new NetworkConfig(out, List.of(underlay()));
    }

    private static SimNetwork build(NetworkConfig cfg) {
        Engine engine = new Engine();
        return new NetworkBuilder(cfg, engine, new Tracer(engine), new SeededRandoms(1)).build();
    }

    private static SharedEntries<RouteConfig> sharedRoutes() {
        List<RouteConfig> out = new ArrayList<>();
        IntFunction<RouteConfig> f = SharedGatewayRoutesTest::remoteRoute;
        for (int i = NODES - 1; i >= 0; i--) {
            out.add(f.apply(i));
        }
        return SharedEntries.sorted(out, ORDER);
    }

    private static List<String> probes() {
        List<String> out = new ArrayList<>(List.of("8.8.8.8", "172.16.0.11", "172.16.3.10", "172.16.255.255",
                "10.244.9.1", "10.243.255.255", "10.245.0.0", "0.0.0.0"));
        for (int i = 0; i < NODES; i++) {
            out.add("10.244." + i + ".0");
            out.add("10.244." + i + ".7");
            out.add("10.244." + i + ".255");
        }
        return out;
    }

    private static String describe(Route r, Ipv4Address dst) {
        return r == null ? "none" : r.text() + " @" + (r.device() == null ? "-" : r.device().location()) + " next hop "
                + r.nextHop(dst);
    }

    private static void assertSameAnswers(SimNetwork expected, SimNetwork actual) {
        for (int i = 0; i < NODES; i++) {
            NetNamespace e = expected.namespace("n" + i);
            NetNamespace a = actual.namespace("n" + i);
            assertEquals(e.routes().show(), a.routes().show(), "ip route show in n" + i);
            assertEquals(e.routes().size(), a.routes().size(), "route count in n" + i);
            for (String p : probes()) {
                Ipv4Address dst = Ipv4Address.parse(p);
                assertEquals(describe(e.routes().lookup(dst), dst), describe(a.routes().lookup(dst), dst),
                        "lookup " + p + " in n" + i);
                assertEquals(e.sourceFor(dst), a.sourceFor(dst), "source for " + p + " in n" + i);
            }
            for (int r = 0; r < NODES; r++) {
                Ipv4Address dst = subnet(r).network();
                assertEquals(describe(e.routes().get(subnet(r)), dst), describe(a.routes().get(subnet(r)), dst),
                        "get " + subnet(r) + " in n" + i);
            }
        }
    }

    @Test
    void theLayerAnswersAsCopiedRoutes() {
        SharedEntries<RouteConfig> routes = sharedRoutes();
        SimNetwork copies = build(copied(null));
        SimNetwork shared = build(shared(routes, null));
        assertSameAnswers(copies, shared);
        // A gateway route: through eth0 to the remote node's address, as ip route show prints it.
        NetNamespace n1 = shared.namespace("n1");
        Route r = n1.routes().lookup(Ipv4Address.parse("10.244.3.9"));
        assertEquals("10.244.3.0/24 via 172.16.3.10 dev eth0", r.text());
        assertEquals(Ipv4Address.parse("172.16.3.10"), r.nextHop(Ipv4Address.parse("10.244.3.9")));
        assertEquals("n1/eth0", r.device().location());
        assertEquals("10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                n1.routes().lookup(Ipv4Address.parse("10.244.1.9")).text());
    }

    @Test
    void routesAreSharedNotCopied() {
        SharedEntries<RouteConfig> routes = sharedRoutes();
        SimNetwork shared = build(shared(routes, null));
        for (int i = 0; i < NODES; i++) {
            assertEquals(NODES - 1, shared.namespace("n" + i).routes().sharedSize(), "shared routes in n" + i);
        }
        Route a = shared.namespace("n1").routes().lookup(Ipv4Address.parse("10.244.3.9"));
        Route b = shared.namespace("n2").routes().lookup(Ipv4Address.parse("10.244.3.9"));
        assertSame(routes.get(3), a.config());
        assertSame(a.config(), b.config());
        assertEquals("n2/eth0", b.device().location());
    }

    @Test
    void changesAfterTheBuildAnswerAsCopiedRoutes() {
        SimNetwork copies = build(copied(null));
        SimNetwork shared = build(shared(sharedRoutes(), null));
        for (SimNetwork net : List.of(copies, shared)) {
            NetNamespace n0 = net.namespace("n0");
            n0.replaceRoute(RouteConfig.via(subnet(2), Ipv4Address.parse("172.16.0.99"), "eth0", false));
            assertNotNull(n0.routes().remove(subnet(3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n0.addRoute(remoteRoute(4)));
            assertEquals("ip route add 10.244.4.0/24 via 172.16.4.10 dev eth0: RTNETLINK answers: File exists"
                    + " (already 10.244.4.0/24 via 172.16.4.10 dev eth0)", e.getMessage());
            n0.addRoute(RouteConfig.via(Ipv4Prefix.parse("10.244.3.128/25"), nodeIp(1), "eth0", false));
        }
        assertSameAnswers(copies, shared);
        assertEquals(2, shared.namespace("n0").routes().sharedSize()); // 10.244.1.0/24 and 10.244.4.0/24
    }

    @Test
    void aNodeWhoseSubnetDoesNotHoldTheGatewaysInstallsThemOneByOne() {
        // Node 0's eth0 is a /24 that holds none of the other gateways, but a link route to the /16 does:
        // ip route add accepts each route (the gateway is reached through a connected route of eth0).
        Node0 n0 = new Node0(new Ipv4Prefix(nodeIp(0), 24), List.of(
                new RouteConfig("unicast", UNDERLAY, null, "eth0", false, "link", null, "static"),
                RouteConfig.via(Ipv4Prefix.DEFAULT, Ipv4Address.parse("172.16.0.1"), "eth0", false)));
        SimNetwork copies = build(copied(n0));
        SimNetwork shared = build(shared(sharedRoutes(), n0));
        assertSameAnswers(copies, shared);
        assertEquals(0, shared.namespace("n0").routes().sharedSize(), "n0 holds copies");
        for (int i = 1; i < NODES; i++) {
            assertEquals(NODES - 1, shared.namespace("n" + i).routes().sharedSize(), "n" + i + " shares");
        }
    }

    @Test
    void aGatewayOffTheNodesSubnetsIsRefusedAsIpRouteAddRefusesIt() {
        // Without the link route, node 0 cannot reach 172.16.1.10: the kernel's "Nexthop has invalid gateway".
        Node0 n0 = new Node0(new Ipv4Prefix(nodeIp(0), 24), List.of(
                RouteConfig.via(Ipv4Prefix.DEFAULT, Ipv4Address.parse("172.16.0.1"), "eth0", false)));
        IllegalArgumentException copies = assertThrows(IllegalArgumentException.class, () -> build(copied(n0)));
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
                () -> build(shared(sharedRoutes(), n0)));
        assertEquals(copies.getMessage(), shared.getMessage());
        assertEquals("namespace n0: ip route add 10.244.1.0/24 via 172.16.1.10 dev eth0 in n0: Nexthop has invalid gateway"
                + " (172.16.1.10 is not on a subnet of eth0; add onlink)", shared.getMessage());
    }
}
