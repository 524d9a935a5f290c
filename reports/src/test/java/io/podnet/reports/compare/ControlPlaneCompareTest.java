package io.podnet.reports.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compare on the Calico examples: BGP sessions, run-time routes, convergence, racks. */
class ControlPlaneCompareTest {
    private static final long BULK = 64 << 10;

    private static Comparison compare(String example, List<String> designs) throws Exception {
        String file = "../scenarios/examples/" + example;
        return Comparer.compare(Podnet.load(Path.of(file)), file, new Comparer.Options(designs, null, BULK));
    }

    @Test
    void calicoBgpFullMeshOfThreeAndItsConvergence() throws Exception {
        Comparison c = compare("calico-bgp.yaml", List.of("calico-bgp", "flannel-host-gw"));
        DesignMetrics bgp = c.designs().get(0).metrics();
        assertEquals(DesignResult.Status.OK, c.designs().get(0).status(), c.designs().get(0).message());
        assertEquals(Map.of("node1", 2, "node2", 2, "node3", 2), bgp.bgpSessionsPerNode());
        assertEquals(3, bgp.bgpSessionsTotal(), "a full mesh of 3 is 3 sessions, each seen from both ends");
        assertEquals(0, bgp.overheadBytes());
        assertEquals(1500, bgp.podMtuMin());
        assertTrue(bgp.runtimeRouteChanges() > 0, "BIRD programmed the other nodes' blocks");
        DesignMetrics.Convergence cv = bgp.convergence();
        assertEquals(DesignMetrics.Convergence.Kind.MEASURED, cv.kind(), cv.detail());
        assertEquals("node3", cv.failedNode());
        assertTrue(cv.nanos() > 0 && cv.routeChanges() > 0, cv.toString());

        DesignMetrics gw = c.designs().get(1).metrics();
        assertEquals(0, gw.bgpSessionsTotal());
        assertEquals(DesignMetrics.Convergence.Kind.STATIC, gw.convergence().kind());
    }

    @Test
    void crossSubnetRacksAreCrossedAndHostGwIsRefused() throws Exception {
        Comparison c = compare("calico-vxlan-crosssubnet.yaml", List.of("calico-vxlan-crosssubnet", "flannel-host-gw"));
        DesignResult cs = c.designs().get(0);
        assertEquals(DesignResult.Status.OK, cs.status(), cs.message());
        assertEquals(2, cs.metrics().subnets().subnets().size());
        assertEquals(1, cs.metrics().subnets().probes());
        assertTrue(cs.metrics().subnets().allCrossed());
        assertEquals("delivered", cs.metrics().bulk().outcome());
        assertEquals(List.of("vxlan"), cs.metrics().tunnels());

        DesignResult gw = c.designs().get(1);
        assertEquals(DesignResult.Status.FAILED, gw.status());
        assertTrue(gw.message().contains("host-gw needs every node on one L2 segment"), gw.message());
        assertTrue(!c.allRan());
        assertTrue(ComparisonText.render(c).contains("yes (1/1 probes, 2 subnets)"));
    }
}
