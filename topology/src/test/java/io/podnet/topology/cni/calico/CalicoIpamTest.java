package io.podnet.topology.cni.calico;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.spec.calico.EncapMode;
import io.podnet.topology.spec.calico.IpPool;
import io.podnet.topology.spec.calico.IpamConfiguration;
import io.podnet.topology.spec.calico.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalicoIpamTest {
    private static final IpamConfiguration DEFAULT = IpamConfiguration.DEFAULT;

    private static List<ClusterNode> nodes(int n) {
        List<ClusterNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ClusterNode("node" + (i + 1), i, Ipv4Address.parse("172.18.0." + (i + 2)),
                    Ipv4Prefix.parse("172.18.0.0/16"), Map.of("idx", String.valueOf(i + 1)), null));
        }
        return out;
    }

    private static IpPool pool(String cidr, int blockSize, EncapMode ipip) {
        return new IpPool("p", Ipv4Prefix.parse(cidr), blockSize, ipip, EncapMode.NEVER, false, null, false, false);
    }

    private static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    private static Ipv4Prefix net(String s) {
        return Ipv4Prefix.parse(s);
    }

    @Test
    void tunnelAddressesClaimEachNodesFirstBlockInNodeOrder() {
        List<ClusterNode> ns = nodes(3);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.244.0.0/16", 26, EncapMode.ALWAYS)), DEFAULT, ns, Map.of());
        assertEquals(ip("10.244.0.0"), ipam.tunnelAddress("node1"));
        assertEquals(ip("10.244.0.64"), ipam.tunnelAddress("node2"));
        assertEquals(ip("10.244.0.128"), ipam.tunnelAddress("node3"));
        assertEquals(net("10.244.0.64/26"), ipam.podCidrOf(ns.get(1)));
        assertEquals("ipip-tunnel-addr-node2", ipam.blocks().get(1).allocations().get(ip("10.244.0.64")));
        // pods continue in the node's block
        assertEquals(ip("10.244.0.65"), ipam.allocate(ns.get(1), "default/a"));
        assertEquals(ip("10.244.0.1"), ipam.allocate(ns.get(0), "default/b"));
    }

    @Test
    void withoutTunnelsBlocksAreClaimedWhenPodsNeedThem() {
        List<ClusterNode> ns = nodes(2);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.244.0.0/16", 26, EncapMode.NEVER)), DEFAULT, ns, Map.of());
        assertNull(ipam.tunnelAddress("node1"));
        assertNull(ipam.podCidrOf(ns.get(0)));
        assertEquals(ip("10.244.0.0"), ipam.allocate(ns.get(1), "default/a"));
        assertEquals(ip("10.244.0.64"), ipam.allocate(ns.get(0), "default/b"));
        assertEquals(List.of(net("10.244.0.0/26")), ipam.blocksOf("node2"));
        assertEquals(List.of(net("10.244.0.64/26")), ipam.blocksOf("node1"));
    }

    @Test
    void aFullBlockMakesTheNodeClaimTheNextFreeBlock() {
        List<ClusterNode> ns = nodes(2);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.0.0.0/24", 30, EncapMode.NEVER)), DEFAULT, ns, Map.of());
        List<Ipv4Address> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(ipam.allocate(ns.get(0), "default/p" + i));
        }
        got.add(ipam.allocate(ns.get(1), "default/q"));
        got.add(ipam.allocate(ns.get(0), "default/p4"));
        assertEquals(List.of(ip("10.0.0.0"), ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4"), ip("10.0.0.8")), got);
        assertEquals(List.of(net("10.0.0.0/30"), net("10.0.0.8/30")), ipam.blocksOf("node1"));
        assertEquals(List.of(net("10.0.0.4/30")), ipam.blocksOf("node2"));
    }

    @Test
    void anExhaustedPoolLendsAddressesFromAnotherNodesBlock() {
        List<ClusterNode> ns = nodes(2);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.0.0.0/29", 30, EncapMode.NEVER)), DEFAULT, ns, Map.of());
        ipam.allocate(ns.get(0), "default/a0"); // node1 claims 10.0.0.0/30
        ipam.allocate(ns.get(1), "default/b0"); // node2 claims 10.0.0.4/30 (the last block)
        for (int i = 1; i < 4; i++) {
            ipam.allocate(ns.get(0), "default/a" + i);
        }
        Ipv4Address borrowed = ipam.allocate(ns.get(0), "default/a4");
        assertEquals(ip("10.0.0.5"), borrowed);
        assertEquals("node2", ipam.affinityOf(net("10.0.0.4/30")));
        assertEquals(List.of(ip("10.0.0.5")), ipam.borrowedBy("node1"));
        assertEquals(List.of(), ipam.borrowedBy("node2"));
        IpamBlock b = ipam.blocks().get(1);
        assertEquals("node2", b.node());
        assertEquals("node1", b.holders().get(ip("10.0.0.5")));
        assertEquals("default/a4", b.allocations().get(ip("10.0.0.5")));
        ipam.allocate(ns.get(1), "default/b1");
        ipam.allocate(ns.get(1), "default/b2");
        TopologyException e = assertThrows(TopologyException.class, () -> ipam.allocate(ns.get(1), "default/b3"));
        assertEquals("pod/default/b3", e.subject());
        assertTrue(e.getMessage().contains("every block is claimed and full in p 10.0.0.0/29 (2 blocks of /30)"), e.getMessage());
    }

    @Test
    void strictAffinityForbidsBorrowing() {
        List<ClusterNode> ns = nodes(2);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.0.0.0/29", 30, EncapMode.NEVER)), new IpamConfiguration(true, 20),
                ns, Map.of());
        ipam.allocate(ns.get(1), "default/b0");
        for (int i = 0; i < 4; i++) {
            ipam.allocate(ns.get(0), "default/a" + i);
        }
        TopologyException e = assertThrows(TopologyException.class, () -> ipam.allocate(ns.get(0), "default/a4"));
        assertTrue(e.getMessage().contains("strictAffinity forbids borrowing"), e.getMessage());
    }

    @Test
    void maxBlocksPerHostMakesTheNodeBorrowInsteadOfClaiming() {
        List<ClusterNode> ns = nodes(2);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.0.0.0/24", 30, EncapMode.NEVER)), new IpamConfiguration(false, 1),
                ns, Map.of());
        ipam.allocate(ns.get(1), "default/b0"); // node2: 10.0.0.0/30
        for (int i = 0; i < 4; i++) {
            ipam.allocate(ns.get(0), "default/a" + i); // node1: 10.0.0.4/30
        }
        assertEquals(ip("10.0.0.1"), ipam.allocate(ns.get(0), "default/a4"));
        assertEquals(1, ipam.blocksOf("node1").size());
    }

    @Test
    void fixedAddressesClaimTheirBlockOrBorrowIt() {
        List<ClusterNode> ns = nodes(2);
        CalicoIpam ipam = new CalicoIpam(List.of(pool("10.244.0.0/16", 26, EncapMode.ALWAYS)), DEFAULT, ns, Map.of());
        ipam.reserve(ns.get(1), "default/backend", ip("10.244.2.8"));
        assertEquals(List.of(net("10.244.0.64/26"), net("10.244.2.0/26")), ipam.blocksOf("node2"));
        ipam.reserve(ns.get(0), "default/odd", ip("10.244.2.9"));
        assertEquals(List.of(ip("10.244.2.9")), ipam.borrowedBy("node1"));
        TopologyException e = assertThrows(TopologyException.class,
                () -> ipam.reserve(ns.get(1), "default/x", ip("10.244.0.0")));
        assertEquals("pod default/x has status.podIP 10.244.0.0, already held by the IP-in-IP tunnel address of node node1;"
                + " give the pod another address or none", e.getMessage());
        TopologyException outside = assertThrows(TopologyException.class,
                () -> ipam.reserve(ns.get(1), "default/y", ip("10.99.0.1")));
        assertTrue(outside.getMessage().contains("is in no Calico IPPool (p 10.244.0.0/16)"), outside.getMessage());
    }

    @Test
    void poolsAreChosenByNodeSelectorAndDisabledPoolsAreSkipped() {
        List<ClusterNode> ns = nodes(2);
        IpPool odd = new IpPool("odd", net("10.1.0.0/16"), 26, EncapMode.NEVER, EncapMode.NEVER, false,
                Selector.parse("idx == '1'"), false, false);
        IpPool off = new IpPool("off", net("10.2.0.0/16"), 26, EncapMode.NEVER, EncapMode.NEVER, false, null, true, false);
        IpPool rest = new IpPool("rest", net("10.3.0.0/16"), 26, EncapMode.NEVER, EncapMode.NEVER, false, null, false, false);
        CalicoIpam ipam = new CalicoIpam(List.of(odd, off, rest), DEFAULT, ns, Map.of());
        assertEquals(ip("10.1.0.0"), ipam.allocate(ns.get(0), "default/a"));
        assertEquals(ip("10.3.0.0"), ipam.allocate(ns.get(1), "default/b"));
        CalicoIpam none = new CalicoIpam(List.of(odd), DEFAULT, ns, Map.of());
        TopologyException e = assertThrows(TopologyException.class, () -> none.allocate(ns.get(1), "default/b"));
        assertTrue(e.getMessage().startsWith("no enabled IPPool selects node node2"), e.getMessage());
    }
}
