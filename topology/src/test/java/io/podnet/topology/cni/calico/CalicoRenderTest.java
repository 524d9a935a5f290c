package io.podnet.topology.cni.calico;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.BgpDaemonConfig.BgpExportRule;
import io.podnet.sim.config.BgpDaemonConfig.BgpNeighbourConfig;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.Fixtures;
import io.podnet.topology.TopologyException;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalicoRenderTest {
    private static final Ipv4Prefix PODS = Ipv4Prefix.parse("10.244.0.0/16");

    private static List<String> routes(NamespaceConfig ns) {
        List<String> out = new ArrayList<>();
        for (RouteConfig r : ns.routes()) {
            out.add(r.text());
        }
        return out;
    }

    private static RenderedCluster seed(String design) {
        return ClusterRenderer.render(Fixtures.seed(CniSpec.named(design, PODS), List.of()), 42);
    }

    private static BgpDaemonConfig daemon(RenderedCluster r, String ns) {
        for (BgpDaemonConfig b : r.network().bgp()) {
            if (b.namespace().equals(ns)) {
                return b;
            }
        }
        return null;
    }

    private static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    @Test
    void seedUnderCalicoBgpHasOnlyLocalRoutesAndBgpDaemons() {
        RenderedCluster r = seed("calico-bgp");
        assertEquals("calico-bgp", r.cni());
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "blackhole 10.244.0.0/26 proto bird",
                "10.244.0.0/32 dev cali603d20c5286 scope link",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(r.network().namespace("node1")));
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "blackhole 10.244.2.0/26 proto bird",
                "10.244.2.8/32 dev calic4677738b80 scope link",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3"), routes(r.network().namespace("node2")));
        assertNull(r.network().namespace("node1").iface("tunl0"));
        assertEquals(1500, r.network().namespace("frontend-abcde").iface("eth0").mtu());
        assertEquals(new BgpDaemonConfig("node1", 64512, ip("172.18.0.2"), null,
                List.of(new BgpNeighbourConfig(ip("172.18.0.3"), 64512, false, "node2")), List.of(Ipv4Prefix.parse("10.244.0.0/26")),
                "eth0", List.of(), 240, 80, 2_000_000_000L, 5_000_000_000L), daemon(r, "node1"));
        assertEquals(List.of(Ipv4Prefix.parse("10.244.2.0/26")), daemon(r, "node2").originate());
        assertEquals(Ipv4Prefix.parse("10.244.2.0/26"), r.cluster().node("node2").podCidr());
    }

    @Test
    void seedUnderCalicoIpip() {
        RenderedCluster r = seed("calico-ipip");
        NamespaceConfig node1 = r.network().namespace("node1");
        NamespaceConfig node2 = r.network().namespace("node2");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "blackhole 10.244.0.0/26 proto bird",
                "10.244.0.1/32 dev cali603d20c5286 scope link",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(node1));
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "blackhole 10.244.0.64/26 proto bird",
                "blackhole 10.244.2.0/26 proto bird",
                "10.244.2.8/32 dev calic4677738b80 scope link",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3"), routes(node2));
        assertEquals(new InterfaceConfig.Ipip("tunl0", io.podnet.sim.net.MacAddress.ZERO, 1480,
                List.of(Ipv4Prefix.parse("10.244.0.0/32")), "eth0"), node1.iface("tunl0"));
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.64/32")), node2.iface("tunl0").addresses());
        BgpDaemonConfig d2 = daemon(r, "node2");
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.64/26"), Ipv4Prefix.parse("10.244.2.0/26")), d2.originate());
        assertEquals(List.of(new BgpExportRule(PODS, "tunl0", true, false)), d2.exportRules());
        assertEquals(1480, r.network().namespace("backend-fghij").iface("eth0").mtu());
        assertEquals(ip("10.244.0.1"), r.cluster().pod("default", "frontend-abcde").ip());
    }

    @Test
    void seedUnderCalicoVxlanHasFelixRoutesAndNoBgp() {
        RenderedCluster r = seed("calico-vxlan");
        NamespaceConfig node1 = r.network().namespace("node1");
        NamespaceConfig node2 = r.network().namespace("node2");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "blackhole 10.244.0.0/26 proto 80",
                "10.244.0.1/32 dev cali603d20c5286 scope link",
                "10.244.0.64/26 via 10.244.0.64 dev vxlan.calico proto 80 onlink",
                "10.244.2.0/26 via 10.244.0.64 dev vxlan.calico proto 80 onlink",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(node1));
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.0.0/26 via 10.244.0.0 dev vxlan.calico proto 80 onlink",
                "blackhole 10.244.0.64/26 proto 80",
                "blackhole 10.244.2.0/26 proto 80",
                "10.244.2.8/32 dev calic4677738b80 scope link",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3"), routes(node2));
        assertEquals(List.of(new NeighbourConfig(ip("10.244.0.64"), CalicoPlugin.vtepMac("node2"), "vxlan.calico")),
                node1.neighbours());
        assertEquals(List.of(new FdbConfig(CalicoPlugin.vtepMac("node2"), "vxlan.calico", ip("172.18.0.3"))), node1.fdb());
        assertEquals(new InterfaceConfig.Vxlan("vxlan.calico", CalicoPlugin.vtepMac("node1"), 1450,
                List.of(Ipv4Prefix.parse("10.244.0.0/32")), 4096, 4789, ip("172.18.0.2"), "eth0", false), node1.iface("vxlan.calico"));
        assertEquals(List.of(), r.network().bgp());
    }

    @Test
    void podsAreWiredTheCalicoWay() {
        RenderedCluster r = seed("calico-ipip");
        NamespaceConfig node1 = r.network().namespace("node1");
        NamespaceConfig pod = r.network().namespace("frontend-abcde");
        assertEquals(new InterfaceConfig.Veth("cali603d20c5286", CalicoPlugin.CALI_MAC, 1480, List.of(), "frontend-abcde",
                "eth0", null, false), node1.iface("cali603d20c5286"));
        assertEquals(List.of("cali603d20c5286"), node1.sysctls().proxyArpDevices());
        assertTrue(node1.sysctls().ipForward());
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.1/32")), pod.iface("eth0").addresses());
        assertEquals(List.of("default via 169.254.1.1 dev eth0", "169.254.1.1/32 dev eth0 scope link"), routes(pod));
        assertNull(node1.iface("cni0"));
        assertEquals("cali603d20c5286", CalicoPlugin.vethName("default", "frontend-abcde"));
    }

    @Test
    void withoutPoolsCalicoNodesDefaultPoolIsUsed() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.spec(List.of("node1", "node2"), CalicoSpec.of(CalicoSpec.Design.CALICO),
                List.of(Fixtures.pod("a", "node2", null, Map.of(), 80))), 1);
        assertEquals("calico-ipip", r.cni());
        assertEquals(Ipv4Prefix.parse("192.168.0.0/16"), r.cluster().clusterCidr());
        assertEquals(ip("192.168.0.65"), r.cluster().pod("default", "a").ip());
    }

    @Test
    void explicitPoolsDecideForPlainCalicoAndMustMatchANamedDesign() {
        List<HasMetadata> cross = List.of(Fixtures.pool("pods", "10.244.0.0/16", "ipipMode", "CrossSubnet"));
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(CalicoSpec.of(CalicoSpec.Design.CALICO), cross), 1);
        assertEquals("calico-ipip-crosssubnet", r.cni());
        assertEquals(List.of(new BgpExportRule(PODS, "tunl0", true, true)), daemon(r, "node1").exportRules());
        TopologyException e = assertThrows(TopologyException.class,
                () -> ClusterRenderer.render(Fixtures.seed(CalicoSpec.of(CalicoSpec.Design.VXLAN), cross), 1));
        assertEquals("ippool/pods", e.subject());
        assertTrue(e.getMessage().contains("the design calico-vxlan needs ipipMode Never and vxlanMode Always"), e.getMessage());
    }

    @Test
    void calicoResourcesNeedCalico() {
        TopologyException e = assertThrows(TopologyException.class, () -> ClusterRenderer.render(
                Fixtures.seed(FlannelSpec.of(PODS, FlannelSpec.Backend.VXLAN), List.of(Fixtures.pool("pods", "10.244.0.0/16"))), 1));
        assertEquals("ippool/pods", e.subject());
        assertTrue(e.getMessage().contains("needs cni calico"), e.getMessage());
    }

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("node" + i);
        }
        return out;
    }

    @Test
    void fullMeshGivesEveryNodeEveryOtherNode() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.spec(names(5), CniSpec.named("calico-ipip", PODS), List.of()), 1);
        assertEquals(5, r.network().bgp().size());
        int sessions = 0;
        for (BgpDaemonConfig d : r.network().bgp()) {
            assertEquals(4, d.neighbours().size(), d.namespace());
            sessions += d.neighbours().size();
        }
        assertEquals(10, sessions / 2);
        assertEquals(List.of(ip("172.18.0.2"), ip("172.18.0.3"), ip("172.18.0.5"), ip("172.18.0.6")),
                daemon(r, "node3").neighbours().stream().map(BgpNeighbourConfig::address).toList());
    }

    @Test
    void routeReflectorsReplaceTheMesh() {
        List<HasMetadata> objects = List.of(
                Fixtures.calico("BGPConfiguration", "default", Map.of("nodeToNodeMeshEnabled", false)),
                rr("node1"), rr("node2"),
                Fixtures.calico("BGPPeer", "peer-with-route-reflectors",
                        Map.of("nodeSelector", "all()", "peerSelector", "route-reflector == 'true'")));
        RenderedCluster r = ClusterRenderer.render(Fixtures.spec(names(6), CniSpec.named("calico-ipip", PODS), objects), 1);
        BgpDaemonConfig rr1 = daemon(r, "node1");
        assertEquals(ip("244.0.0.1"), rr1.clusterId());
        assertEquals(5, rr1.neighbours().size());
        for (BgpNeighbourConfig n : rr1.neighbours()) {
            assertEquals(!n.name().equals("node2"), n.rrClient(), n.name());
        }
        for (String client : List.of("node3", "node4", "node5", "node6")) {
            BgpDaemonConfig d = daemon(r, client);
            assertNull(d.clusterId());
            assertEquals(List.of("node1", "node2"), d.neighbours().stream().map(BgpNeighbourConfig::name).toList());
        }
        int sessions = 0;
        for (BgpDaemonConfig d : r.network().bgp()) {
            sessions += d.neighbours().size();
        }
        assertEquals(9, sessions / 2); // 4 clients x 2 reflectors + the reflectors' own session
    }

    private static HasMetadata rr(String node) {
        var n = Fixtures.calico("Node", node, Map.of("bgp", Map.of("routeReflectorClusterID", "244.0.0.1")));
        n.getMetadata().setLabels(Map.of("route-reflector", "true"));
        return n;
    }

    @Test
    void bgpPeerMistakesAreNamed() {
        TopologyException e = assertThrows(TopologyException.class, () -> ClusterRenderer.render(Fixtures.spec(names(2),
                CniSpec.named("calico-bgp", PODS), List.of(Fixtures.calico("BGPPeer", "ext",
                        Map.of("peerIP", "192.0.2.1", "asNumber", 65000)))), 1));
        assertEquals("bgppeer/ext", e.subject());
        assertTrue(e.getMessage().startsWith("BGPPeer ext peerIP 192.0.2.1 is neither a node nor a rack router here"),
                e.getMessage());
        TopologyException n = assertThrows(TopologyException.class, () -> ClusterRenderer.render(Fixtures.spec(names(2),
                CniSpec.named("calico-bgp", PODS), List.of(rr("node9"))), 1));
        assertEquals("node/node9", n.subject());
    }

    @Test
    void borrowedAddressesAreAdvertisedAsHostRoutes() {
        // a /30 pool of 2-address... blockSize 31: two blocks of 2; node2 must borrow from node1's block
        List<HasMetadata> objects = new ArrayList<>(List.of(Fixtures.pool("tiny", "10.244.0.0/30", "blockSize", 31)));
        objects.add(Fixtures.pod("a", "node1", null, Map.of(), 80));
        objects.add(Fixtures.pod("b", "node2", null, Map.of(), 80));
        objects.add(Fixtures.pod("c", "node2", null, Map.of(), 80));
        objects.add(Fixtures.pod("d", "node2", null, Map.of(), 80));
        RenderedCluster r = ClusterRenderer.render(Fixtures.spec(names(2), CalicoSpec.of(CalicoSpec.Design.BGP), objects), 1);
        assertEquals(ip("10.244.0.1"), r.cluster().pod("default", "d").ip());
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.2/31"), Ipv4Prefix.parse("10.244.0.1/32")), daemon(r, "node2").originate());
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.0/31")), daemon(r, "node1").originate());

        List<HasMetadata> vx = new ArrayList<>(objects);
        vx.set(0, Fixtures.pool("tiny", "10.244.0.0/29", "blockSize", 30, "vxlanMode", "Always"));
        vx.add(Fixtures.pod("e", "node2", null, Map.of(), 80));
        vx.add(Fixtures.pod("f", "node2", null, Map.of(), 80));
        RenderedCluster v = ClusterRenderer.render(Fixtures.spec(names(2), CalicoSpec.of(CalicoSpec.Design.VXLAN), vx), 1);
        // node1: tunnel .0 and a .1 in 10.244.0.0/30; node2: tunnel .4, b c d in 10.244.0.4/30, e f borrow .2 .3
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "blackhole 10.244.0.0/30 proto 80",
                "10.244.0.1/32 dev caliacd53aa4120 scope link",
                "10.244.0.2/32 via 10.244.0.4 dev vxlan.calico proto 80 onlink",
                "10.244.0.3/32 via 10.244.0.4 dev vxlan.calico proto 80 onlink",
                "10.244.0.4/30 via 10.244.0.4 dev vxlan.calico proto 80 onlink",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(v.network().namespace("node1")));
        assertEquals(List.of(io.podnet.sim.net.Ipv4Address.parse("10.244.0.2"), io.podnet.sim.net.Ipv4Address.parse("10.244.0.3")),
                v.cluster().pods().stream().filter(p -> p.name().equals("e") || p.name().equals("f"))
                        .map(p -> p.ip()).toList());
    }

    @Test
    void natOutgoingPoolsMasqueradeTrafficLeavingThePools() {
        String rules = seed("calico-ipip").network().namespace("node1").iptables();
        String nat = rules.substring(rules.indexOf("*nat"));
        assertTrue(nat.contains(":KUBE-SVC-FWDTHD7PLJSQSVVA - [0:0]\n:cali-POSTROUTING - [0:0]\n:cali-nat-outgoing - [0:0]\n"), nat);
        assertTrue(nat.contains("-A POSTROUTING -m comment --comment \"cali:nat-outgoing\" -j cali-POSTROUTING\n"
                + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"), nat);
        assertTrue(nat.endsWith("-A cali-POSTROUTING -j cali-nat-outgoing\n"
                + "-A cali-nat-outgoing -s 10.244.0.0/16 -d 10.244.0.0/16 -j RETURN\n"
                + "-A cali-nat-outgoing -s 10.244.0.0/16 -j MASQUERADE\n"
                + "COMMIT\n"), nat);
        List<HasMetadata> noNat = List.of(Fixtures.pool("pods", "10.244.0.0/16", "ipipMode", "Always"));
        String plain = ClusterRenderer.render(Fixtures.seed(CniSpec.named("calico-ipip", PODS), noNat), 42).network()
                .namespace("node1").iptables();
        assertTrue(!plain.contains("cali-"), plain);
    }

    @Test
    void nodesWithTheSameKubeProxyRulesShareOneRenderedText() {
        // Felix adds the same nat-outgoing rules on every node: nodes whose kube-proxy text is the same
        // hold one string (11.6 MB at 10,000 Services), not a copy each.
        RenderedCluster r = seed("calico-ipip");
        String node1 = r.network().namespace("node1").iptables();
        String node2 = r.network().namespace("node2").iptables();
        assertTrue(node1.contains("-A cali-nat-outgoing -s 10.244.0.0/16 -j MASQUERADE\n"), node1);
        assertSame(node1, node2);
    }
}
