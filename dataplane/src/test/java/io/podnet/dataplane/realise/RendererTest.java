package io.podnet.dataplane.realise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.fixture.FlannelCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
    private final RunPrefix p = new RunPrefix("pn0000a1");
    private final Rendering r = Renderer.render(FlannelCluster.of(2, 1).config(), p);

    @Test
    void namespacesCarryTheRunPrefix() {
        assertEquals("""
                netns add pn0000a1-node1
                netns add pn0000a1-node2
                netns add pn0000a1-pod-1-0
                netns add pn0000a1-pod-2-0
                netns add pn0000a1_underlay
                """, r.createNetns());
        assertEquals(List.of("pn0000a1-node1", "pn0000a1-node2", "pn0000a1-pod-1-0", "pn0000a1-pod-2-0",
                "pn0000a1_underlay"), r.allNamespaces());
        assertTrue(r.allNamespaces().stream().allMatch(n -> RunPrefix.ANY_RUN.matcher(n).matches()));
    }

    @Test
    void vethPairsAreCreatedInsideTheirNamespaces() {
        assertEquals("""
                link add name eth0 netns pn0000a1-node1 address 02:42:ac:12:00:0b mtu 1500 type veth peer name u0 netns pn0000a1_underlay mtu 1500
                link add name veth0100c5f4 netns pn0000a1-node1 address 0e:ff:00:00:0f:02 mtu 1450 type veth peer name eth0 netns pn0000a1-pod-1-0 address 0e:00:00:00:01:02 mtu 1450
                link add name eth0 netns pn0000a1-node2 address 02:42:ac:12:00:0c mtu 1500 type veth peer name u1 netns pn0000a1_underlay mtu 1500
                link add name veth0200c233 netns pn0000a1-node2 address 0e:ff:00:00:10:02 mtu 1450 type veth peer name eth0 netns pn0000a1-pod-2-0 address 0e:00:00:00:02:02 mtu 1450
                """, r.createVeths());
    }

    @Test
    void nodeBatchHasBridgeVxlanAddressesOnlinkRoutesAndPermanentNeighbours() {
        assertEquals("""
                link set dev lo up
                link add name cni0 address 02:c0:00:00:00:01 mtu 1450 type bridge
                link add name flannel.1 address 0a:5e:00:00:00:01 mtu 1450 type vxlan id 1 local 172.18.0.11 dev eth0 dstport 8472 nolearning
                link set dev veth0100c5f4 master cni0
                link set dev eth0 up
                link set dev cni0 up
                link set dev flannel.1 up
                link set dev veth0100c5f4 up
                addr add 172.18.0.11/24 dev eth0
                addr add 10.244.1.1/24 dev cni0
                addr add 10.244.1.0/32 dev flannel.1
                route replace 172.18.0.0/24 dev eth0 proto kernel scope link src 172.18.0.11
                route replace 10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1
                route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 proto static scope global onlink
                route replace default via 172.18.0.1 dev eth0 proto static scope global onlink
                neigh replace 10.244.2.0 lladdr 0a:5e:00:00:00:02 dev flannel.1 nud permanent
                """, r.ipBatch().get("pn0000a1-node1"));
        assertEquals("fdb append 0a:5e:00:00:00:02 dev flannel.1 dst 172.18.0.12 self permanent\n",
                r.bridgeBatch().get("pn0000a1-node1"));
        assertEquals("""
                link set dev lo up
                link add name underlay mtu 1500 type bridge
                link set dev u0 master underlay
                link set dev u1 master underlay
                link set dev underlay up
                link set dev u0 up
                link set dev u1 up
                """, r.ipBatch().get("pn0000a1_underlay"));
    }

    @Test
    void sysctlsAreWrittenPerNamespaceAndRulesGoToIptablesRestore() {
        assertEquals(List.of("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                "net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                "net.bridge.bridge-nf-call-iptables=1"), r.earlySysctls().get("pn0000a1-node1"));
        assertTrue(r.iptables().get("pn0000a1-node1").startsWith("*nat\n"));
        assertTrue(r.iptables().get("pn0000a1-node1").endsWith("COMMIT\n"));
        assertEquals(null, r.iptables().get("pn0000a1-pod-1-0"));
    }

    @Test
    void longNamesKeepAReadableHeadAndAStableHash() {
        String name = "a-very-long-deployment-name-that-goes-on-and-on-7d9f8c6b5-abcde";
        String real = p.netns(name);
        assertTrue(real.length() <= RunPrefix.MAX_NETNS, real);
        assertTrue(real.startsWith("pn0000a1-a-very-long-deployment"), real);
        assertEquals(real, p.netns(name));
        assertTrue(RunPrefix.ANY_RUN.matcher(real).matches());
    }

    @Test
    void prefixesAreValidatedAndOwnOnlyTheirRun() {
        assertThrows(IllegalArgumentException.class, () -> new RunPrefix("pn12345"));
        assertThrows(IllegalArgumentException.class, () -> new RunPrefix("xx123456"));
        assertTrue(p.owns("pn0000a1-node1"));
        assertTrue(!p.owns("pn0000a2-node1"));
        assertTrue(!RunPrefix.ANY_RUN.matcher("my-netns").matches());
        assertTrue(!RunPrefix.ANY_RUN.matcher("pnzzzzzz-x").matches());
        assertTrue(RunPrefix.fresh(1234, 5678).value().matches("pn[0-9a-f]{6}"));
    }
}
