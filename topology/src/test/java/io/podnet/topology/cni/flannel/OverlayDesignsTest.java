package io.podnet.topology.cni.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.Fixtures;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.GeneveSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayDesignsTest {
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
    void seedUnderGeneve() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(CniSpec.named("geneve", null), List.of()), 42);
        assertEquals("geneve", r.cni());
        NamespaceConfig node1 = r.network().namespace("node1");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                "10.244.2.0/24 via 10.244.2.0 dev genev_sys_6081 onlink",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(node1));
        assertEquals(new InterfaceConfig.Geneve("genev_sys_6081", GeneveOverlay.vtepMac("node1"), 1450,
                List.of(Ipv4Prefix.parse("10.244.1.0/32")), 1, 6081, ip("172.18.0.2"), "eth0", 0), node1.iface("genev_sys_6081"));
        assertEquals(List.of(new NeighbourConfig(ip("10.244.2.0"), GeneveOverlay.vtepMac("node2"), "genev_sys_6081")),
                node1.neighbours());
        assertEquals(List.of(new FdbConfig(GeneveOverlay.vtepMac("node2"), "genev_sys_6081", ip("172.18.0.3"))), node1.fdb());
        assertEquals(1450, r.network().namespace("frontend-abcde").iface("eth0").mtu());
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.1.0/24 via 10.244.1.0 dev genev_sys_6081 onlink",
                "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3"), routes(r.network().namespace("node2")));
    }

    @Test
    void geneveOptionsShrinkTheMtu() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(
                new GeneveSpec(Ipv4Prefix.parse("10.244.0.0/16"), 0, 7, 0, 8), List.of()), 42);
        InterfaceConfig.Geneve g = (InterfaceConfig.Geneve) r.network().namespace("node2").iface("genev_sys_6081");
        assertEquals(1442, g.mtu());
        assertEquals(8, g.optionBytes());
        assertEquals(7, g.vni());
        assertEquals(1442, r.network().namespace("backend-fghij").iface("eth0").mtu());
        assertThrows(IllegalArgumentException.class, () -> new GeneveSpec(Ipv4Prefix.parse("10.244.0.0/16"), 0, 0, 0, 6));
    }

    @Test
    void seedUnderFlannelWireguard() {
        RenderedCluster r = ClusterRenderer.render(Fixtures.seed(CniSpec.named("flannel-wireguard", null), List.of()), 42);
        assertEquals("flannel-wireguard", r.cni());
        NamespaceConfig node1 = r.network().namespace("node1");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.0.0/16 dev flannel-wg scope link",
                "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2"), routes(node1));
        assertEquals(new InterfaceConfig.Wireguard("flannel-wg", MacAddress.ZERO, 1420, List.of(Ipv4Prefix.parse("10.244.1.0/32")),
                51820, List.of(new InterfaceConfig.WireguardPeer("node2", ip("172.18.0.3"), 51820,
                        List.of(Ipv4Prefix.parse("10.244.2.0/24"))))), node1.iface("flannel-wg"));
        assertEquals(1420, node1.iface("cni0").mtu());
        assertEquals(1420, r.network().namespace("backend-fghij").iface("eth0").mtu());
        assertEquals(List.of(), node1.fdb());
    }

    @Test
    void plainNamesCoverEveryDesign() {
        for (String name : CniSpec.DESIGNS) {
            // plain "calico" reports what its pools do: the default pool is IP-in-IP Always
            assertEquals(name.equals("calico") ? "calico-ipip" : name, CniSpec.named(name, null).displayName());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CniSpec.named("cilium", null));
        assertEquals("unknown CNI design 'cilium'; known: flannel-vxlan, flannel-host-gw, flannel-wireguard, geneve, calico,"
                + " calico-bgp, calico-ipip, calico-ipip-crosssubnet, calico-vxlan, calico-vxlan-crosssubnet", e.getMessage());
    }
}
