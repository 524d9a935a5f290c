package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.device.VxlanDevice;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Entries every node holds alike (Flannel VXLAN's route, permanent neighbour and FDB entry per
 * remote node, as flanneld programs them: {@code ip route add R_SUBNET via R_SUBNET.0 dev
 * flannel.1 onlink}, {@code ip neigh replace R_SUBNET.0 lladdr R_MAC dev flannel.1 nud
 * permanent}, {@code bridge fdb append R_MAC dev flannel.1 dst R_NODE_IP}) realised once as
 * shared layers answer exactly as the same entries copied into every node: the same longest-prefix
 * matches, listings and errors, before and after changes, and they are really shared.
 */
class SharedTablesTest {
    private static final int NODES = 5;
    private static final Comparator<RouteConfig> ORDER = Comparator
            .<RouteConfig>comparingLong(r -> Integer.toUnsignedLong(r.destination().network().bits()))
            .thenComparingInt(r -> r.destination().length());

    private static Ipv4Prefix subnet(int i) {
        return Ipv4Prefix.parse("10.244." + i + ".0/24");
    }

    private static Ipv4Address vtep(int i) {
        return Ipv4Address.parse("10.244." + i + ".0");
    }

    private static Ipv4Address nodeIp(int i) {
        return Ipv4Address.parse("172.16.0." + (10 + i));
    }

    private static MacAddress vtepMac(int i) {
        return MacAddress.derived("n" + i + "/flannel.1");
    }

    private static RouteConfig remoteRoute(int i) {
        return RouteConfig.via(subnet(i), vtep(i), "flannel.1", true);
    }

    private static NeighbourConfig remoteNeighbour(int i) {
        return new NeighbourConfig(vtep(i), vtepMac(i), "flannel.1");
    }

    private static FdbConfig remoteFdb(int i) {
        return new FdbConfig(vtepMac(i), "flannel.1", nodeIp(i));
    }

    /** Node i's own routes: the underlay's connected route and the default route. */
    private static List<RouteConfig> ownRoutes(int i) {
        return List.of(RouteConfig.connected(Ipv4Prefix.parse("172.16.0.0/16"), "eth0", nodeIp(i)),
                RouteConfig.via(Ipv4Prefix.DEFAULT, Ipv4Address.parse("172.16.0.1"), "eth0", false));
    }

    private static List<InterfaceConfig> interfaces(int i) {
        return List.of(
                new InterfaceConfig.Nic("eth0", MacAddress.derived("n" + i + "/eth0"), 1500,
                        List.of(new Ipv4Prefix(nodeIp(i), 16)), "underlay"),
                new InterfaceConfig.Vxlan("flannel.1", vtepMac(i), 1450, List.of(new Ipv4Prefix(vtep(i), 32)), 1, 8472,
                        nodeIp(i), "eth0", false, false),
                new InterfaceConfig.Bridge("cni0", MacAddress.derived("n" + i + "/cni0"), 1450,
                        List.of(Ipv4Prefix.parse("10.244." + i + ".1/24"))));
    }

    private static SegmentConfig underlay() {
        return new SegmentConfig("underlay", Ipv4Prefix.parse("172.16.0.0/16"), 10_000_000_000L, 0, 1500, 100);
    }

    /** Every node with its own copies of the remote entries. */
    private static NetworkConfig copied() {
        List<NamespaceConfig> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            List<RouteConfig> routes = new ArrayList<>(ownRoutes(i));
            List<NeighbourConfig> neighbours = new ArrayList<>();
            List<FdbConfig> fdb = new ArrayList<>();
            for (int r = 0; r < NODES; r++) {
                if (r != i) {
                    routes.add(remoteRoute(r));
                    neighbours.add(remoteNeighbour(r));
                    fdb.add(remoteFdb(r));
                }
            }
            routes.sort(ORDER);
            out.add(new NamespaceConfig("n" + i, "node", "n" + i, interfaces(i), routes, neighbours, fdb,
                    new Sysctls(true, List.of(), true, 0), ""));
        }
        return new NetworkConfig(out, List.of(underlay()));
    }

    /** Every node referring to one shared array of each kind, without its own entry. */
    private static NetworkConfig shared(SharedEntries<RouteConfig> routes, SharedEntries<NeighbourConfig> neighbours,
                                        SharedEntries<FdbConfig> fdb) {
        List<NamespaceConfig> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            List<RouteConfig> own = ownRoutes(i);
            // own[0] (172.16/16) and own[1] (default) sort around the 10.244 block: default, shared, underlay.
            List<RouteConfig> r = EntryList.of(List.of(new EntryList.Own<>(List.of(own.get(1))), routes.except(i),
                    new EntryList.Own<>(List.of(own.get(0)))));
            out.add(new NamespaceConfig("n" + i, "node", "n" + i, interfaces(i), r,
                    EntryList.of(List.of(neighbours.except(i))), EntryList.of(List.of(fdb.except(i))),
                    new Sysctls(true, List.of(), true, 0), ""));
        }
        return new NetworkConfig(out, List.of(underlay()));
    }

    private static SimNetwork build(NetworkConfig cfg) {
        Engine engine = new Engine();
        return new NetworkBuilder(cfg, engine, new Tracer(engine), new SeededRandoms(1)).build();
    }

    private static List<RouteConfig> all(java.util.function.IntFunction<RouteConfig> f) {
        List<RouteConfig> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            out.add(f.apply(i));
        }
        return out;
    }

    private record Fixture(SharedEntries<RouteConfig> routes, SharedEntries<NeighbourConfig> neighbours,
                           SharedEntries<FdbConfig> fdb, SimNetwork copied, SimNetwork shared) {
        static Fixture make() {
            SharedEntries<RouteConfig> routes = SharedEntries.sorted(all(SharedTablesTest::remoteRoute), ORDER);
            List<NeighbourConfig> n = new ArrayList<>();
            List<FdbConfig> f = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                n.add(remoteNeighbour(i));
                f.add(remoteFdb(i));
            }
            SharedEntries<NeighbourConfig> neighbours = SharedEntries.of(n);
            SharedEntries<FdbConfig> fdb = SharedEntries.of(f);
            return new Fixture(routes, neighbours, fdb, build(SharedTablesTest.copied()),
                    build(SharedTablesTest.shared(routes, neighbours, fdb)));
        }
    }

    private static List<String> probes() {
        List<String> out = new ArrayList<>(List.of("8.8.8.8", "172.16.0.11", "172.16.255.255", "10.244.9.1",
                "10.243.255.255", "10.245.0.0", "0.0.0.0"));
        for (int i = 0; i < NODES; i++) {
            out.add("10.244." + i + ".0");
            out.add("10.244." + i + ".7");
            out.add("10.244." + i + ".255");
        }
        return out;
    }

    private static String describe(Route r) {
        return r == null ? "none" : r.text() + " @" + (r.device() == null ? "-" : r.device().location());
    }

    private static void assertSameAnswers(SimNetwork expected, SimNetwork actual) {
        for (int i = 0; i < NODES; i++) {
            NetNamespace e = expected.namespace("n" + i);
            NetNamespace a = actual.namespace("n" + i);
            assertEquals(e.routes().show(), a.routes().show(), "ip route show in n" + i);
            assertEquals(e.routes().size(), a.routes().size(), "route count in n" + i);
            for (String p : probes()) {
                Ipv4Address dst = Ipv4Address.parse(p);
                assertEquals(describe(e.routes().lookup(dst)), describe(a.routes().lookup(dst)), "lookup " + p + " in n" + i);
            }
            for (int r = 0; r < NODES; r++) {
                assertEquals(describe(e.routes().get(subnet(r))), describe(a.routes().get(subnet(r))), "get " + subnet(r));
            }
            assertEquals(e.neighbours().entries().stream().map(NeighbourTable.Entry::text).toList(),
                    a.neighbours().entries().stream().map(NeighbourTable.Entry::text).toList(), "ip neigh show in n" + i);
            VxlanDevice ev = (VxlanDevice) e.device("flannel.1");
            VxlanDevice av = (VxlanDevice) a.device("flannel.1");
            assertEquals(ev.fdbText(), av.fdbText(), "bridge fdb show in n" + i);
            for (int r = 0; r < NODES; r++) {
                assertEquals(ev.fdbLookup(vtepMac(r)), av.fdbLookup(vtepMac(r)), "fdb " + vtepMac(r) + " in n" + i);
                NeighbourTable.Entry en = e.neighbours().get(ev, vtep(r));
                NeighbourTable.Entry an = a.neighbours().get(av, vtep(r));
                assertEquals(en == null ? null : en.text(), an == null ? null : an.text(), "neighbour " + vtep(r));
            }
            assertEquals(ev.fdbLookup(MacAddress.derived("nobody")), av.fdbLookup(MacAddress.derived("nobody")));
        }
    }

    @Test
    void sharedLayersAnswerAsCopiedEntries() {
        Fixture f = Fixture.make();
        assertSameAnswers(f.copied(), f.shared());
        // Node 1 holds the routes to 0, 2, 3, 4 (flanneld skips its own lease): cni0's connected route
        // answers for its own subnet, flannel.1 onlink routes for the others.
        NetNamespace n1 = f.shared().namespace("n1");
        assertEquals("10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                n1.routes().lookup(Ipv4Address.parse("10.244.1.9")).text());
        assertEquals("10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink",
                n1.routes().lookup(Ipv4Address.parse("10.244.3.9")).text());
    }

    @Test
    void entriesAreSharedNotCopied() {
        Fixture f = Fixture.make();
        for (int i = 0; i < NODES; i++) {
            NetNamespace ns = f.shared().namespace("n" + i);
            assertEquals(NODES - 1, ns.routes().sharedSize(), "shared routes in n" + i);
            assertEquals(NODES - 1, ns.neighbours().sharedSize(), "shared neighbours in n" + i);
            assertEquals(NODES - 1, ((VxlanDevice) ns.device("flannel.1")).sharedFdbSize(), "shared FDB in n" + i);
            assertEquals(0, f.copied().namespace("n" + i).routes().sharedSize());
        }
        // Nodes 1 and 2 route to node 3 through the very same configuration object, bound to their own device.
        Route a = f.shared().namespace("n1").routes().lookup(Ipv4Address.parse("10.244.3.9"));
        Route b = f.shared().namespace("n2").routes().lookup(Ipv4Address.parse("10.244.3.9"));
        assertSame(a.config(), b.config());
        assertSame(f.routes().get(3), a.config());
        assertEquals("n1/flannel.1", a.device().location());
        assertEquals("n2/flannel.1", b.device().location());
        // The configuration lists refer to the shared arrays.
        NamespaceConfig c1 = f.shared().config().namespaces().get(1);
        EntryList<RouteConfig> routes = assertInstanceOf(EntryList.class, c1.routes());
        assertSame(f.routes(), ((EntryList.Shared<RouteConfig>) routes.parts().get(1)).entries());
        assertEquals(f.copied().config().namespaces().get(1).routes(), c1.routes());
        assertEquals(f.copied().config().namespaces().get(1).neighbours(), c1.neighbours());
        assertEquals(f.copied().config().namespaces().get(1).fdb(), c1.fdb());
    }

    @Test
    void changesAfterTheBuildAnswerAsCopiedEntries() {
        Fixture f = Fixture.make();
        for (SimNetwork net : List.of(f.copied(), f.shared())) {
            NetNamespace n0 = net.namespace("n0");
            VxlanDevice vx = (VxlanDevice) n0.device("flannel.1");
            // ip route replace over a shared route, ip route del of another, ip route add of a third: File exists.
            n0.replaceRoute(RouteConfig.via(subnet(2), Ipv4Address.parse("172.16.0.99"), "eth0", false));
            assertNotNull(n0.routes().remove(subnet(3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n0.addRoute(remoteRoute(4)));
            assertEquals("ip route add 10.244.4.0/24 via 10.244.4.0 dev flannel.1 onlink: RTNETLINK answers: File exists"
                    + " (already 10.244.4.0/24 via 10.244.4.0 dev flannel.1 onlink)", e.getMessage());
            n0.addRoute(RouteConfig.via(Ipv4Prefix.parse("10.244.3.128/25"), vtep(1), "flannel.1", true));
            // ip neigh del / replace; bridge fdb del / append over shared entries, and a new one.
            n0.neighbours().remove(vx, vtep(1));
            n0.neighbours().addPermanent(vtep(2), MacAddress.derived("moved"), vx);
            vx.removeFdb(vtepMac(1));
            vx.addFdb(vtepMac(2), Ipv4Address.parse("172.16.0.98"));
            vx.addFdb(MacAddress.ZERO, Ipv4Address.parse("172.16.0.97"));
        }
        assertSameAnswers(f.copied(), f.shared());
        assertEquals(2, f.shared().namespace("n0").routes().sharedSize()); // 10.244.1.0/24 and 10.244.4.0/24
    }

    @Test
    void aConflictingOwnEntryFallsBackToCopies() {
        // Node 0 lists its own route for node 1's subnet: the shared routes are not a layer there, and
        // the answers are those of the copies (the builder refuses the duplicate as ip route add does).
        Fixture f = Fixture.make();
        SharedEntries<RouteConfig> routes = f.routes();
        List<NamespaceConfig> nss = new ArrayList<>(shared(routes, f.neighbours(), f.fdb()).namespaces());
        NamespaceConfig n0 = nss.get(0);
        List<RouteConfig> withOwn = EntryList.of(List.of(new EntryList.Own<>(List.of(
                RouteConfig.via(subnet(1), Ipv4Address.parse("172.16.0.50"), "eth0", false))), routes.except(0)));
        nss.set(0, new NamespaceConfig("n0", "node", "n0", n0.interfaces(), withOwn, n0.neighbours(), n0.fdb(),
                n0.sysctls(), ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(new NetworkConfig(nss, List.of(underlay()))));
        assertEquals("namespace n0: ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink: RTNETLINK answers:"
                + " File exists (already 10.244.1.0/24 via 172.16.0.50 dev eth0)", e.getMessage());
    }
}
