package io.podnet.viewer.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.viewer.Fixtures;
import io.podnet.viewer.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyLayoutTest {
    private static void assertReadable(TopologyLayout l) {
        List<Map.Entry<String, Box>> hosts = new ArrayList<>(l.hostBoxes().entrySet());
        for (int i = 0; i < hosts.size(); i++) {
            for (int j = i + 1; j < hosts.size(); j++) {
                assertFalse(hosts.get(i).getValue().overlaps(hosts.get(j).getValue()),
                        hosts.get(i).getKey() + " overlaps " + hosts.get(j).getKey());
            }
        }
        Topology t = l.topology();
        for (Topology.Host h : t.hosts()) {
            Box hb = l.hostBoxes().get(h.name());
            for (Topology.Pod p : h.pods()) {
                assertTrue(hb.contains(l.podBoxes().get(p.name())), p.name() + " inside " + h.name());
            }
            for (Topology.Device d : h.nics()) {
                assertTrue(hb.contains(l.deviceBox(d.endpoint())), d.endpoint() + " inside " + h.name());
            }
            for (Topology.Device d : h.tunnels()) {
                assertTrue(hb.contains(l.deviceBox(d.endpoint())));
            }
        }
        assertTrue(l.width() > 0 && l.height() > 0);
    }

    @Test
    void twoNodesSideBySide() {
        TopologyLayout l = TopologyLayout.compute(Topology.of(Fixtures.seed().network()), 1);
        assertReadable(l);
        assertEquals(2, l.gridColumns());
        Box n1 = l.hostBoxes().get("node1");
        Box n2 = l.hostBoxes().get("node2");
        assertEquals(n1.y(), n2.y(), 1e-9);
        // From node1's flannel.1 to node2's: down to the bus, along it, up again.
        List<Pt> r = l.route(new Topology.Endpoint("node1", "flannel.1"), new Topology.Endpoint("node2", "flannel.1"));
        assertEquals(6, r.size(), r.toString());
        double lane = l.buses().get("underlay").laneY().get(0);
        assertEquals(lane, r.get(2).y(), 1e-9);
        assertTrue(lane > n1.bottom());
    }

    @Test
    void fiftyNodesWithFiveHundredPodsFormAGridWithoutOverlaps() {
        Topology t = Topology.of(Fixtures.large(50, 10, 1, 3).network());
        TopologyLayout l = TopologyLayout.compute(t, 1);
        assertReadable(l);
        assertEquals(500, l.podBoxes().size());
        assertTrue(l.gridColumns() >= 5 && l.gridColumns() <= 12, "cols " + l.gridColumns());
        double aspect = l.width() / l.height();
        assertTrue(aspect > 0.8 && aspect < 3.5, "aspect " + aspect);
        // Deterministic.
        TopologyLayout again = TopologyLayout.compute(t, 1);
        assertEquals(l.hostBoxes(), again.hostBoxes());
    }

    @Test
    void eventsOffTheDrawingFallBackToTheirNamespace() {
        TopologyLayout l = TopologyLayout.compute(Topology.of(Fixtures.seed().network()), 1);
        assertEquals(l.stackBoxes().get("node1").centre(), l.point("node1", "netfilter"));
        assertNotNull(l.point("frontend-abcde", null));
        assertNull(l.point("underlay", "switch"));
    }
}
