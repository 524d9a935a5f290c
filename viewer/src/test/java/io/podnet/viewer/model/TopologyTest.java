package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.podnet.viewer.Fixtures;
import io.podnet.viewer.load.RunnerLoader;
import io.podnet.viewer.model.Topology.Host;
import io.podnet.viewer.model.Topology.LinkKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private static long count(Topology t, LinkKind k) {
        return t.links().stream().filter(l -> l.kind() == k).count();
    }

    @Test
    void groupsPodsUnderTheirNodeAndClassifiesDevices() {
        Topology t = Topology.of(Fixtures.seed().network());
        assertEquals(List.of("node1", "node2"), t.hosts().stream().map(Host::name).toList());
        Host n1 = t.host("node1");
        assertEquals(List.of("frontend-abcde"), n1.pods().stream().map(Topology.Pod::name).toList());
        assertEquals("cni0", n1.bridges().get(0).name());
        assertEquals("flannel.1", n1.tunnels().get(0).name());
        assertEquals("eth0", n1.nics().get(0).name());
        assertEquals(1, n1.vethPorts().size());
        assertEquals("172.18.0.2/16", n1.address());
        assertEquals("10.244.0.2/24", n1.pods().get(0).address());
        assertEquals("node1", t.hostOf("frontend-abcde"));
        assertEquals("node2", t.hostOf("node2"));
        assertNull(t.hostOf("underlay"));
    }

    @Test
    void linksVethPairsOnceBridgePortsUnderlayAndOneTunnelPerNodePair() {
        Topology t = Topology.of(Fixtures.seed().network());
        assertEquals(2, count(t, LinkKind.VETH), "one per pod, not one per end");
        assertEquals(2, count(t, LinkKind.BRIDGE_PORT));
        assertEquals(2, count(t, LinkKind.UNDERLAY));
        assertEquals(1, count(t, LinkKind.TUNNEL), "node1<->node2 from both FDBs, deduplicated");
        Topology.Link tunnel = t.links().stream().filter(l -> l.kind() == LinkKind.TUNNEL).findFirst().orElseThrow();
        assertEquals("node1/flannel.1", tunnel.a().toString());
        assertEquals("node2/flannel.1", tunnel.b().toString());
        Topology big = Topology.of(Fixtures.large(5, 3, 1, 1).network());
        assertEquals(10, count(big, LinkKind.TUNNEL), "a full mesh of 5 nodes");
        assertEquals(15, big.podCount());
    }

    @Test
    void theRenderedSeedExampleGroupsTheSameWay() throws Exception {
        Topology t = Topology.of(new RunnerLoader().load(Path.of("../scenarios/examples/frontend-to-backend.yaml")).network());
        assertEquals(List.of("node1", "node2"), t.hosts().stream().map(Host::name).toList());
        assertEquals("frontend-abcde", t.host("node1").pods().get(0).name());
        assertEquals("backend-fghij", t.host("node2").pods().get(0).name());
        assertEquals(List.of("cni0"), t.host("node2").bridges().stream().map(Topology.Device::name).toList());
        assertEquals(1, count(t, LinkKind.TUNNEL));
    }
}
