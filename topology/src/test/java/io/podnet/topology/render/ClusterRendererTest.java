package io.podnet.topology.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.Fixtures;
import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.flannel.FlannelVxlan;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterRendererTest {
    private static List<String> routes(NamespaceConfig ns) {
        List<String> out = new ArrayList<>();
        for (RouteConfig r : ns.routes()) {
            out.add(r.text());
        }
        return out;
    }

    @Test
    void seedClusterVxlanNode1IsWhatFlanneldProgrammes() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(FlannelSpec.Backend.VXLAN), 42);
        NamespaceConfig node1 = r.network().namespace("node1");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(node1));
        assertEquals(List.of(new NeighbourConfig(Ipv4Address.parse("10.244.2.0"), FlannelVxlan.vtepMac("node2"), "flannel.1")),
                node1.neighbours());
        assertEquals(List.of(new FdbConfig(FlannelVxlan.vtepMac("node2"), "flannel.1", Ipv4Address.parse("172.18.0.3"))),
                node1.fdb());
        InterfaceConfig.Vxlan vx = (InterfaceConfig.Vxlan) node1.iface("flannel.1");
        assertEquals(new InterfaceConfig.Vxlan("flannel.1", FlannelVxlan.vtepMac("node1"), 1450,
                List.of(Ipv4Prefix.parse("10.244.1.0/32")), 1, 8472, Ipv4Address.parse("172.18.0.2"), "eth0", false), vx);
        InterfaceConfig.Nic eth0 = (InterfaceConfig.Nic) node1.iface("eth0");
        assertEquals(List.of(Ipv4Prefix.parse("172.18.0.2/16")), eth0.addresses());
        assertEquals(1500, eth0.mtu());
        assertEquals(ClusterRenderer.SEGMENT, eth0.segment());
        InterfaceConfig.Bridge cni0 = (InterfaceConfig.Bridge) node1.iface("cni0");
        assertEquals(List.of(Ipv4Prefix.parse("10.244.1.1/24")), cni0.addresses());
        assertEquals(1450, cni0.mtu());
        assertTrue(node1.sysctls().ipForward());
        assertTrue(node1.sysctls().bridgeNfCallIptables());
        assertEquals(List.of("eth0", "flannel.1", "cni0", node1.interfaces().get(3).name()),
                node1.interfaces().stream().map(InterfaceConfig::name).toList());
        assertTrue(node1.interfaces().get(3).name().matches("veth[0-9a-f]{8}"));
    }

    @Test
    void seedClusterVxlanNode2MirrorsNode1() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(FlannelSpec.Backend.VXLAN), 42);
        NamespaceConfig node2 = r.network().namespace("node2");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
                "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3"), routes(node2));
        assertEquals(List.of(new NeighbourConfig(Ipv4Address.parse("10.244.1.0"), FlannelVxlan.vtepMac("node1"), "flannel.1")),
                node2.neighbours());
        assertEquals(List.of(new FdbConfig(FlannelVxlan.vtepMac("node1"), "flannel.1", Ipv4Address.parse("172.18.0.2"))),
                node2.fdb());
    }

    @Test
    void seedClusterPodsAreWiredToTheirBridge() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(FlannelSpec.Backend.VXLAN), 42);
        assertEquals(List.of("node1", "node2", "frontend-abcde", "backend-fghij"),
                r.network().namespaces().stream().map(NamespaceConfig::name).toList());
        NamespaceConfig backend = r.network().namespace("backend-fghij");
        assertEquals("pod", backend.role());
        assertEquals("node2", backend.owner());
        assertEquals(List.of(
                "default via 10.244.2.1 dev eth0",
                "10.244.0.0/16 via 10.244.2.1 dev eth0",
                "10.244.2.0/24 dev eth0 proto kernel scope link src 10.244.2.8"), routes(backend));
        InterfaceConfig.Veth eth0 = (InterfaceConfig.Veth) backend.iface("eth0");
        assertEquals(List.of(Ipv4Prefix.parse("10.244.2.8/24")), eth0.addresses());
        assertEquals(1450, eth0.mtu());
        assertEquals("node2", eth0.peerNamespace());
        InterfaceConfig.Veth host = (InterfaceConfig.Veth) r.network().namespace("node2").iface(eth0.peerName());
        assertEquals("cni0", host.master());
        assertEquals("backend-fghij", host.peerNamespace());
        assertEquals("eth0", host.peerName());
        assertTrue(host.hairpin());
        assertEquals("", backend.iptables());

        ClusterPod frontend = r.cluster().pod("default", "frontend-abcde");
        assertEquals(Ipv4Address.parse("10.244.1.2"), frontend.ip());
        assertEquals("node1", frontend.node());
        ClusterService myApp = r.cluster().service("default", "my-app");
        assertEquals(Ipv4Address.parse("10.96.0.10"), myApp.clusterIp());
        assertEquals(80, myApp.ports().get(0).port());
        assertEquals("10.244.2.8:8080", myApp.ports().get(0).endpoints().get(0).text());
        assertEquals("node2", myApp.ports().get(0).endpoints().get(0).node());
        assertEquals("default/backend-fghij", myApp.ports().get(0).endpoints().get(0).pod());
        assertEquals(List.of(new SegmentConfig("underlay", Ipv4Prefix.parse("172.18.0.0/16"), 10_000_000_000L, 50_000L, 1500, 1000)),
                r.network().segments());
        assertEquals("flannel-vxlan", r.cni());
        assertEquals("iptables", r.proxy());
    }

    @Test
    void hostGwRoutesViaThePeerNode() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(FlannelSpec.Backend.HOST_GW), 42);
        NamespaceConfig node1 = r.network().namespace("node1");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                "10.244.2.0/24 via 172.18.0.3 dev eth0",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(node1));
        assertNull(node1.iface("flannel.1"));
        assertTrue(node1.neighbours().isEmpty());
        assertTrue(node1.fdb().isEmpty());
        assertEquals(1500, node1.iface("cni0").mtu());
        assertEquals(1500, r.network().namespace("frontend-abcde").iface("eth0").mtu());
    }

    @Test
    void nodeWithoutPodsHasNoBridge() {
        ClusterSpec spec = Fixtures.spec(List.of("node1", "node2", "node3"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.pod("a", "node1", null, Map.of(), 80)));
        RenderedCluster r = ClusterRenderer.render(spec, 1);
        assertNull(r.network().namespace("node3").iface("cni0"));
        assertEquals(2, r.network().namespace("node3").fdb().size());
        assertEquals(Ipv4Address.parse("172.18.0.4"), r.cluster().node("node3").address());
        assertEquals(Ipv4Prefix.parse("10.244.3.0/24"), r.cluster().node("node3").podCidr());
    }

    @Test
    void explicitNodeAddressesAreKeptAndSkipped() {
        ClusterSpec base = Fixtures.spec(List.of("a"), FlannelSpec.Backend.VXLAN, List.of());
        ClusterSpec spec = new ClusterSpec(List.of(NodeSpec.named("n1"),
                new NodeSpec("n2", Ipv4Address.parse("172.18.0.3"), Map.of()), NodeSpec.named("n3")),
                base.underlay(), base.serviceCidr(), base.clusterDomain(), base.kubeProxy(), base.cni(), List.of());
        RenderedCluster r = ClusterRenderer.render(spec, 1);
        assertEquals(Ipv4Address.parse("172.18.0.2"), r.cluster().node("n1").address());
        assertEquals(Ipv4Address.parse("172.18.0.3"), r.cluster().node("n2").address());
        assertEquals(Ipv4Address.parse("172.18.0.4"), r.cluster().node("n3").address());
    }

    @Test
    void renderingIsDeterministic() {
        ClusterSpec spec = Fixtures.spec(List.of("node1", "node2", "node3"), FlannelSpec.Backend.VXLAN, List.of(
                Fixtures.deployment("web", 5, Map.of("app", "web"), 8080),
                Fixtures.service("web", null, Map.of("app", "web"), 80, 8080)));
        assertEquals(ClusterRenderer.render(spec, 9).network(), ClusterRenderer.render(spec, 9).network());
    }
}
