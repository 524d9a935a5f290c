package io.podnet.topology.spec.calico;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.Fixtures;
import io.podnet.topology.TopologyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalicoResourceReaderTest {
    private static TopologyException fails(HasMetadata... objects) {
        return assertThrows(TopologyException.class, () -> CalicoResourceReader.read(List.of(objects)));
    }

    @Test
    void poolDefaultsAreCalicosResourceDefaults() {
        CalicoResources r = CalicoResourceReader.read(List.of(Fixtures.pool("p", "10.244.0.0/16")));
        IpPool p = r.pools().get(0);
        assertEquals(new IpPool("p", Ipv4Prefix.parse("10.244.0.0/16"), 26, EncapMode.NEVER, EncapMode.NEVER, false,
                Selector.ALL, false, false), p);
        assertEquals(BgpConfiguration.DEFAULT, r.bgp());
        assertEquals(IpamConfiguration.DEFAULT, r.ipam());
    }

    @Test
    void poolFieldsAreRead() {
        IpPool p = CalicoResourceReader.read(List.of(Fixtures.pool("p", "10.10.0.0/16", "blockSize", 24,
                "ipipMode", "CrossSubnet", "natOutgoing", true, "nodeSelector", "rack == 'a'", "disabled", false))).pools().get(0);
        assertEquals(24, p.blockSize());
        assertEquals(EncapMode.CROSS_SUBNET, p.ipipMode());
        assertTrue(p.natOutgoing());
        assertTrue(p.nodeSelector().matches(Map.of("rack", "a")));
        assertFalse(p.nodeSelector().matches(Map.of("rack", "b")));
    }

    @Test
    void unknownIpipModeSaysWhatIsAccepted() {
        TopologyException e = fails(Fixtures.pool("p", "10.244.0.0/16", "ipipMode", "always"));
        assertEquals("ippool/p", e.subject());
        assertEquals("ipipMode 'always' is not valid; accepted: Never|Always|CrossSubnet", e.getMessage());
        assertTrue(fails(Fixtures.pool("p", "10.244.0.0/16", "vxlanMode", "Sometimes")).getMessage()
                .contains("accepted: Never|Always|CrossSubnet"));
    }

    @Test
    void badPoolsAreRefusedClearly() {
        assertEquals("IPPool p sets both ipipMode Always and vxlanMode Always; Calico allows only one of them (set the other to Never)",
                fails(Fixtures.pool("p", "10.244.0.0/16", "ipipMode", "Always", "vxlanMode", "Always")).getMessage());
        assertEquals("IPPool p has blockSize 33; accepted: 20 to 32",
                fails(Fixtures.pool("p", "10.244.0.0/16", "blockSize", 33)).getMessage());
        assertTrue(fails(Fixtures.pool("p", "10.244.0.0/28")).getMessage().contains("is smaller than one block (/26)"));
        assertTrue(fails(Fixtures.pool("p", "fd00::/64")).getMessage().contains("is not an IPv4 CIDR"));
        TopologyException unknown = fails(Fixtures.pool("p", "10.244.0.0/16", "ipipmode", "Always"));
        assertTrue(unknown.getMessage().startsWith("IPPool field 'ipipmode' is not known; accepted: allowedUses, assignmentMode,"),
                unknown.getMessage());
        assertTrue(fails(Fixtures.pool("a", "10.244.0.0/16"), Fixtures.pool("b", "10.244.128.0/17")).getMessage()
                .contains("overlap"));
        assertTrue(fails(Fixtures.pool("p", "10.244.0.0/16", "natOutgoing", "yes")).getMessage()
                .contains("natOutgoing must be true or false, was yes"));
    }

    @Test
    void bgpConfigurationAndNodesAreRead() {
        CalicoResources r = CalicoResourceReader.read(List.of(
                Fixtures.calico("BGPConfiguration", "default", Map.of("nodeToNodeMeshEnabled", false, "asNumber", 65010,
                        "logSeverityScreen", "Info")),
                Fixtures.calico("Node", "node1", Map.of("bgp", Map.of("routeReflectorClusterID", "244.0.0.1",
                        "ipv4Address", "172.18.0.2/16")))));
        assertEquals(new BgpConfiguration(false, 65010), r.bgp());
        assertEquals(Ipv4Address.parse("244.0.0.1"), r.node("node1").routeReflectorClusterId());
        assertTrue(fails(Fixtures.calico("BGPConfiguration", "node.node1", Map.of())).getMessage()
                .contains("only the global one named 'default'"));
    }

    @Test
    void listenPortAndServiceClusterIpsAreRead() {
        CalicoResources r = CalicoResourceReader.read(List.of(Fixtures.calico("BGPConfiguration", "default", Map.of(
                "listenPort", 178, "serviceClusterIPs", List.of(Map.of("cidr", "10.96.0.0/12"))))));
        assertEquals(new BgpConfiguration(true, 64512, 178, List.of(io.podnet.sim.net.Ipv4Prefix.parse("10.96.0.0/12"))),
                r.bgp());
        assertEquals(179, CalicoResources.NONE.bgp().listenPort());
        assertTrue(fails(Fixtures.calico("BGPConfiguration", "default", Map.of("listenPort", 70000))).getMessage()
                .contains("listenPort 70000 is not a port; accepted: 1-65535"));
        assertTrue(fails(Fixtures.calico("BGPConfiguration", "default", Map.of("serviceClusterIPs",
                List.of(Map.of("cidr", "fd00:10:96::/112"))))).getMessage().contains("is not an IPv4 CIDR"));
        assertTrue(fails(Fixtures.calico("BGPConfiguration", "default", Map.of("serviceClusterIPs", "10.96.0.0/12")))
                .getMessage().contains("must be a list of {cidr: CIDR}"));
        CalicoResourceReader.read(List.of(Fixtures.calico("FelixConfiguration", "default", Map.of("logSeverityScreen",
                "Info"))));
    }

    @Test
    void bgpPeersAreValidated() {
        CalicoResources r = CalicoResourceReader.read(List.of(
                Fixtures.calico("BGPPeer", "rr", Map.of("nodeSelector", "all()", "peerSelector", "route-reflector == 'true'")),
                Fixtures.calico("BGPPeer", "tor", Map.of("node", "node1", "peerIP", "172.18.1.1", "asNumber", 65001))));
        assertEquals(2, r.peers().size());
        assertEquals(Ipv4Address.parse("172.18.1.1"), r.peers().get(1).peerIp());
        assertEquals("BGPPeer x needs exactly one of peerIP (with asNumber) or peerSelector",
                fails(Fixtures.calico("BGPPeer", "x", Map.of("nodeSelector", "all()"))).getMessage());
        assertEquals("BGPPeer x with peerIP 10.0.0.1 needs asNumber (1-4294967295)",
                fails(Fixtures.calico("BGPPeer", "x", Map.of("peerIP", "10.0.0.1"))).getMessage());
        TopologyException sel = fails(Fixtures.calico("BGPPeer", "x", Map.of("peerSelector", "route-reflector = 'true'")));
        assertEquals("bgppeer/x", sel.subject());
        assertTrue(sel.getMessage().startsWith("peerSelector: selector \"route-reflector = 'true'\": expected ==, !=, in or not in"),
                sel.getMessage());
    }

    @Test
    void otherCalicoKindsAreRefusedAndOthersIgnored() {
        GenericKubernetesResource gnp = Fixtures.calico("GlobalNetworkPolicy", "deny", Map.of());
        assertEquals("Calico kind GlobalNetworkPolicy (projectcalico.org/v3) is not supported; accepted: IPPool, "
                + "BGPConfiguration, BGPPeer, Node, IPAMConfiguration, FelixConfiguration", fails(gnp).getMessage());
        assertEquals(CalicoResources.NONE, CalicoResourceReader.read(List.of(Fixtures.pod("a", null, null, Map.of(), 80))));
    }

    @Test
    void selectorsFollowCalicosLanguage() {
        Map<String, String> l = Map.of("rack", "a", "route-reflector", "true");
        assertTrue(Selector.parse("all()").matches(Map.of()));
        assertTrue(Selector.parse("").matches(Map.of()));
        assertTrue(Selector.parse("has(rack)").matches(l));
        assertFalse(Selector.parse("!has(rack)").matches(l));
        assertTrue(Selector.parse("rack == 'a' && route-reflector == \"true\"").matches(l));
        assertTrue(Selector.parse("rack != 'b'").matches(l));
        assertTrue(Selector.parse("rack in {'b', 'a'}").matches(l));
        assertFalse(Selector.parse("rack not in {'a'}").matches(l));
        assertTrue(Selector.parse("(rack == 'b' || rack == 'a') && !(zone == 'x')").matches(l));
        assertThrows(IllegalArgumentException.class, () -> Selector.parse("rack == a"));
        assertThrows(IllegalArgumentException.class, () -> Selector.parse("(rack == 'a'"));
    }
}
