package io.podnet.topology.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.BgpDaemonConfig.BgpExportRule;
import io.podnet.sim.config.BgpDaemonConfig.BgpNeighbourConfig;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.Fixtures;
import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.calico.CalicoPlugin;
import io.podnet.topology.cni.flannel.FlannelVxlan;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two racks behind routers: rack a (node1, node2) and rack b (node3), core 10.255.0.0/24. */
class RoutedUnderlayTest {
    private static final Ipv4Prefix PODS = Ipv4Prefix.parse("10.244.0.0/16");

    private static UnderlaySpec racks() {
        return new UnderlaySpec(Ipv4Prefix.parse("10.255.0.0/24"), 1500, 10_000_000_000L, 50_000L, 1000, List.of(
                new RackSpec("a", Ipv4Prefix.parse("172.18.1.0/24"), List.of("node1", "node2")),
                new RackSpec("b", Ipv4Prefix.parse("172.18.2.0/24"), List.of("node3"))));
    }

    private static ClusterSpec spec(CniSpec cni, List<HasMetadata> objects) {
        List<NodeSpec> nodes = List.of(new NodeSpec("node1", null, Map.of("rack", "a")),
                new NodeSpec("node2", null, Map.of("rack", "a")), new NodeSpec("node3", null, Map.of("rack", "b")));
        return new ClusterSpec(nodes, racks(), null, null, KubeProxySpec.IPTABLES, cni, objects);
    }

    private static List<String> routes(NamespaceConfig ns) {
        List<String> out = new ArrayList<>();
        for (RouteConfig r : ns.routes()) {
            out.add(r.text());
        }
        return out;
    }

    private static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    @Test
    void racksGetRoutersSegmentsAndGateways() {
        RenderedCluster r = ClusterRenderer.render(spec(FlannelSpec.of(PODS, FlannelSpec.Backend.VXLAN), List.of()), 1);
        assertEquals(List.of("node1", "node2", "node3", "tor-a", "tor-b"),
                r.network().namespaces().stream().map(NamespaceConfig::name).toList());
        assertEquals(List.of(
                new SegmentConfig("rack-a", Ipv4Prefix.parse("172.18.1.0/24"), 10_000_000_000L, 50_000L, 1500, 1000),
                new SegmentConfig("rack-b", Ipv4Prefix.parse("172.18.2.0/24"), 10_000_000_000L, 50_000L, 1500, 1000),
                new SegmentConfig("core", Ipv4Prefix.parse("10.255.0.0/24"), 10_000_000_000L, 50_000L, 1500, 1000)),
                r.network().segments());
        assertEquals(ip("172.18.1.3"), r.cluster().node("node2").address());
        assertEquals(ip("172.18.2.2"), r.cluster().node("node3").address());
        assertEquals("b", r.cluster().node("node3").rack());
        NamespaceConfig node3 = r.network().namespace("node3");
        assertEquals("rack-b", ((InterfaceConfig.Nic) node3.iface("eth0")).segment());
        assertEquals(List.of(
                "default via 172.18.2.1 dev eth0",
                "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
                "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                "172.18.2.0/24 dev eth0 proto kernel scope link src 172.18.2.2"), routes(node3));
        // VXLAN crosses the routers: the FDB points at the other rack's node address
        assertTrue(node3.fdb().contains(new FdbConfig(FlannelVxlan.vtepMac("node1"), "flannel.1", ip("172.18.1.2"))));
        NamespaceConfig torA = r.network().namespace("tor-a");
        assertEquals("router", torA.role());
        assertEquals(List.of(
                "10.255.0.0/24 dev eth1 proto kernel scope link src 10.255.0.1",
                "172.18.1.0/24 dev eth0 proto kernel scope link src 172.18.1.1",
                "172.18.2.0/24 via 10.255.0.2 dev eth1"), routes(torA));
        assertTrue(torA.sysctls().ipForward());
        assertEquals(List.of(Ipv4Prefix.parse("10.255.0.2/24")), r.network().namespace("tor-b").iface("eth1").addresses());
    }

    @Test
    void hostGwRefusesNodesBehindARouter() {
        TopologyException e = assertThrows(TopologyException.class,
                () -> ClusterRenderer.render(spec(FlannelSpec.of(PODS, FlannelSpec.Backend.HOST_GW), List.of()), 1));
        assertEquals("node/node3", e.subject());
        assertEquals("flannel host-gw needs every node on one L2 segment, but node3 (172.18.2.2) is not on node1's segment "
                + "172.18.1.0/24; use the vxlan backend or put the node on 172.18.1.0/24", e.getMessage());
    }

    @Test
    void crossSubnetIpipEncapsulatesOnlyAcrossRacks() {
        RenderedCluster r = ClusterRenderer.render(spec(CniSpec.named("calico-ipip-crosssubnet", PODS), List.of()), 1);
        for (BgpDaemonConfig d : r.network().bgp()) {
            assertEquals(List.of(new BgpExportRule(PODS, "tunl0", true, true)), d.exportRules());
            assertEquals("eth0", d.underlayDevice());
        }
        assertEquals(3, r.network().bgp().size()); // the mesh, no router peers
    }

    @Test
    void crossSubnetVxlanRoutesDirectlyInsideARack() {
        RenderedCluster r = ClusterRenderer.render(spec(CniSpec.named("calico-vxlan-crosssubnet", PODS), List.of()), 1);
        assertEquals(List.of(
                "default via 172.18.1.1 dev eth0",
                "blackhole 10.244.0.0/26 proto 80",
                "10.244.0.64/26 via 172.18.1.3 dev eth0 proto 80",
                "10.244.0.128/26 via 10.244.0.128 dev vxlan.calico proto 80 onlink",
                "172.18.1.0/24 dev eth0 proto kernel scope link src 172.18.1.2"), routes(r.network().namespace("node1")));
        assertEquals(2, r.network().namespace("node1").fdb().size());
        assertEquals(CalicoPlugin.vtepMac("node3"), r.network().namespace("node1").neighbours().get(1).mac());
    }

    @Test
    void calicoPeersWithTopOfRackRoutersOverEbgp() {
        List<HasMetadata> objects = List.of(
                Fixtures.calico("BGPConfiguration", "default", Map.of("nodeToNodeMeshEnabled", false, "asNumber", 64512)),
                Fixtures.calico("BGPPeer", "rack-a-tor", Map.of("nodeSelector", "rack == 'a'", "peerIP", "172.18.1.1",
                        "asNumber", 65001)),
                Fixtures.calico("BGPPeer", "rack-b-tor", Map.of("nodeSelector", "rack == 'b'", "peerIP", "172.18.2.1",
                        "asNumber", 65002)));
        RenderedCluster r = ClusterRenderer.render(spec(CniSpec.named("calico-bgp", PODS), objects), 1);
        assertEquals(5, r.network().bgp().size());
        BgpDaemonConfig torA = r.network().bgp().get(3);
        assertEquals(new BgpDaemonConfig("tor-a", 65001, ip("10.255.0.1"), null, List.of(
                new BgpNeighbourConfig(ip("10.255.0.2"), 65002, false, "tor-b"),
                new BgpNeighbourConfig(ip("172.18.1.2"), 64512, false, "node1"),
                new BgpNeighbourConfig(ip("172.18.1.3"), 64512, false, "node2")), List.of(), null, List.of(),
                240, 80, 2_000_000_000L, 5_000_000_000L), torA);
        BgpDaemonConfig node3 = r.network().bgp().get(2);
        assertEquals(List.of(new BgpNeighbourConfig(ip("172.18.2.1"), 65002, false, "tor-b")), node3.neighbours());
        assertEquals(List.of(), node3.exportRules());
        TopologyException e = assertThrows(TopologyException.class, () -> ClusterRenderer.render(spec(
                CniSpec.named("calico-bgp", PODS), List.of(objects.get(1), Fixtures.calico("BGPPeer", "again",
                        Map.of("node", "node1", "peerIP", "172.18.1.1", "asNumber", 65009)))), 1));
        assertTrue(e.getMessage().contains("use one AS per router"), e.getMessage());
    }

    @Test
    void everyNodeMustBeInARackAndRangesMustNotOverlap() {
        ClusterSpec s = spec(FlannelSpec.of(PODS, FlannelSpec.Backend.VXLAN), List.of());
        ClusterSpec missing = new ClusterSpec(List.of(NodeSpec.named("node1"), NodeSpec.named("node4")), s.underlay(),
                null, null, null, s.cni(), List.of());
        TopologyException e = assertThrows(TopologyException.class, () -> ClusterRenderer.render(missing, 1));
        assertEquals("node/node4", e.subject());
        assertEquals("node node4 is in no rack of the routed underlay; add it to one of a, b", e.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class, () -> UnderlaySpec.KIND.withRacks(
                List.of(new RackSpec("a", Ipv4Prefix.parse("172.18.1.0/24"), List.of()))));
        assertTrue(overlap.getMessage().contains("overlaps the core segment 172.18.0.0/16"), overlap.getMessage());
    }
}
