package io.podnet.topology.cni.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.FlannelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlannelSubnetsTest {
    private static FlannelSpec spec(String network, int len) {
        return new FlannelSpec(Ipv4Prefix.parse(network), len, FlannelSpec.Backend.VXLAN, 0, 0, true, true);
    }

    @Test
    void nodesTakeSubnetsInOrderSkippingTheFirst() {
        assertEquals(List.of(Ipv4Prefix.parse("10.244.1.0/24"), Ipv4Prefix.parse("10.244.2.0/24"), Ipv4Prefix.parse("10.244.3.0/24")),
                FlannelSubnets.assign(spec("10.244.0.0/16", 0), List.of("a", "b", "c")));
    }

    @Test
    void subnetLenDefaultsTo24OrTwoBitsBelowASmallNetwork() {
        assertEquals(24, spec("10.244.0.0/16", 0).subnetLen());
        assertEquals(24, spec("10.244.0.0/22", 0).subnetLen());
        assertEquals(25, spec("10.244.0.0/23", 0).subnetLen());
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.128/25")),
                FlannelSubnets.assign(spec("10.244.0.0/23", 0), List.of("a")));
    }

    @Test
    void subnetLenSplitsTheNetwork() {
        assertEquals(List.of(Ipv4Prefix.parse("10.244.0.64/26"), Ipv4Prefix.parse("10.244.0.128/26")),
                FlannelSubnets.assign(spec("10.244.0.0/16", 26), List.of("a", "b")));
    }

    @Test
    void subnetMinAndMaxBoundTheLeases() {
        FlannelSpec s = new FlannelSpec(Ipv4Prefix.parse("10.0.0.0/8"), 20, Ipv4Address.parse("10.10.0.0"),
                Ipv4Address.parse("10.10.16.0"), FlannelSpec.Backend.VXLAN, 0, 0, true, true);
        assertEquals(List.of(Ipv4Prefix.parse("10.10.0.0/20"), Ipv4Prefix.parse("10.10.16.0/20")),
                FlannelSubnets.assign(s, List.of("a", "b")));
        TopologyException e = assertThrows(TopologyException.class, () -> FlannelSubnets.assign(s, List.of("a", "b", "c")));
        assertTrue(e.getMessage().contains("has 2 node subnets"), e.getMessage());
    }

    @Test
    void tooManyNodesForTheNetworkSaysWhatWouldFit() {
        TopologyException e = assertThrows(TopologyException.class,
                () -> FlannelSubnets.assign(spec("10.244.0.0/23", 24), List.of("a", "b", "c")));
        assertEquals("flannel Network 10.244.0.0/23 with SubnetLen 24 has 1 node subnet (10.244.1.0/24 to 10.244.1.0/24,"
                + " the first subnet is skipped as flannel does) but the cluster has 3 nodes; use a Network of /22 or larger,"
                + " or a longer SubnetLen", e.getMessage());
        assertEquals("cluster.cni.network", e.subject());
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec("10.244.0.0/16", 12));
        assertTrue(e.getMessage().contains("SubnetLen 12"), e.getMessage());
        TopologyException t = assertThrows(TopologyException.class, () -> FlannelSubnets.assign(new FlannelSpec(
                Ipv4Prefix.parse("10.244.0.0/16"), 24, Ipv4Address.parse("10.244.1.5"), null, FlannelSpec.Backend.VXLAN,
                0, 0, true, true), List.of("a")));
        assertTrue(t.getMessage().contains("not the start of a /24 subnet"), t.getMessage());
    }
}
