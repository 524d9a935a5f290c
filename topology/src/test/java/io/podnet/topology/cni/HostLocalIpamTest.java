package io.podnet.topology.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.ClusterNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostLocalIpamTest {
    private static ClusterNode node(String cidr) {
        return new ClusterNode("node1", 0, Ipv4Address.parse("172.18.0.2"), Ipv4Prefix.parse("172.18.0.0/16"), Map.of(),
                Ipv4Prefix.parse(cidr));
    }

    @Test
    void podsGetTwoUpwardsSkippingReservedAddresses() {
        ClusterNode n = node("10.244.1.0/24");
        HostLocalIpam ipam = new HostLocalIpam(List.of(n));
        ipam.reserve(n, "default/pinned", Ipv4Address.parse("10.244.1.3"));
        assertEquals(Ipv4Address.parse("10.244.1.2"), ipam.allocate(n, "default/a"));
        assertEquals(Ipv4Address.parse("10.244.1.4"), ipam.allocate(n, "default/b"));
    }

    @Test
    void exhaustionNamesTheNodeAndTheFix() {
        ClusterNode n = node("10.244.1.0/30");
        HostLocalIpam ipam = new HostLocalIpam(List.of(n));
        assertEquals(Ipv4Address.parse("10.244.1.2"), ipam.allocate(n, "default/a"));
        TopologyException e = assertThrows(TopologyException.class, () -> ipam.allocate(n, "default/b"));
        assertEquals("node node1 has no pod address left for default/b: its subnet 10.244.1.0/30 holds 1 pods and all are"
                + " taken; use a shorter SubnetLen, more nodes, or fewer pods on node1", e.getMessage());
        assertEquals("pod/default/b", e.subject());
    }

    @Test
    void pinnedAddressMustBeOnTheNodesSubnet() {
        ClusterNode n = node("10.244.1.0/24");
        HostLocalIpam ipam = new HostLocalIpam(List.of(n));
        TopologyException e = assertThrows(TopologyException.class,
                () -> ipam.reserve(n, "default/x", Ipv4Address.parse("10.244.2.8")));
        assertTrue(e.getMessage().contains("whose pod subnet is 10.244.1.0/24"), e.getMessage());
        e = assertThrows(TopologyException.class, () -> ipam.reserve(n, "default/x", Ipv4Address.parse("10.244.1.1")));
        assertTrue(e.getMessage().contains("use 10.244.1.2-10.244.1.254"), e.getMessage());
        ipam.reserve(n, "default/x", Ipv4Address.parse("10.244.1.9"));
        e = assertThrows(TopologyException.class, () -> ipam.reserve(n, "default/y", Ipv4Address.parse("10.244.1.9")));
        assertTrue(e.getMessage().contains("pods default/x and default/y both claim 10.244.1.9"), e.getMessage());
    }
}
