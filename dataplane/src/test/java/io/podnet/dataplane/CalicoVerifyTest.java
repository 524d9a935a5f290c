package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.bgp.BgpCheck;
import io.podnet.dataplane.bgp.BgpReference;
import io.podnet.dataplane.bgp.KernelRoute;
import io.podnet.dataplane.bgp.RouteDiff;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.dataplane.fixture.CalicoCluster;
import io.podnet.dataplane.fixture.SimRun;
import io.podnet.dataplane.realise.Cleanup;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Calico designs in the kernel with hand-made configurations: BGP (BIRD 2 per node, full mesh and a
 * route reflector), Calico VXLAN and host-gw, each also run in the simulator ({@link SimRun}) so
 * outcomes, endpoints and paths are compared hop by hop.
 */
class CalicoVerifyTest {
    static void assumeBird() {
        Root.assumeRootAndTools();
        Assumptions.assumeTrue(Environment.which("bird") != null && Environment.which("birdc") != null,
                "bird2 is not installed");
    }

    static List<TrafficItem> crossNode(CalicoCluster c) {
        List<TrafficItem> out = new ArrayList<>();
        for (int i = 1; i <= c.nodes; i++) {
            int j = i % c.nodes + 1;
            out.add(new TrafficItem("ping-" + i + "-" + j, "icmp", CalicoCluster.pod(i, 0), CalicoCluster.podIp(j, 0), 0, 56, 56,
                    2, 10));
        }
        out.add(new TrafficItem("tcp-1-" + c.nodes, "tcp", CalicoCluster.pod(1, 0), CalicoCluster.podIp(c.nodes, 0), 8080,
                300, 5000, 2, 0));
        return out;
    }

    /** The simulator's own run of the configuration (with the routes its BGP installs), and optionally a given BGP result. */
    static VerifyInput input(CalicoCluster c, List<TrafficItem> items, VerifyInput.SimulatedBgp sim) {
        VerifyInput in = SimRun.simulate("calico-" + c.mode.name().toLowerCase(java.util.Locale.ROOT), c.config(), items, 7);
        return new VerifyInput(in.scenario(), in.network(), in.traffic(), in.trace(), in.simOutcomes(), in.notCheckable(),
                in.simServedBy(), in.listeners(), sim);
    }

    @Test
    void fullMeshBirdInstallsTheSimulatedRoutesAndPodsReachEachOther() {
        assumeBird();
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 0);
        CommandRunner runner = new CommandRunner();
        String[] prefix = new String[1];
        VerifyReport r = new Verifier(runner, Verifier.Options.defaults(), s -> {
            System.out.println(s);
            if (s.startsWith("creating ")) {
                prefix[0] = s.substring(s.indexOf('(') + 1, s.indexOf(')'));
            }
        }).verify(input(c, crossNode(c), null));
        System.out.println(r.text());
        assertTrue(r.agree(), r.text());
        BgpCheck b = r.bgp();
        assertNotNull(b);
        assertEquals(3, b.nodes().size());
        for (RouteDiff d : b.nodes()) {
            assertEquals(3, d.same().size(), r.text());
        }
        assertTrue(b.establishedMs() >= 0 && b.establishedMs() < 30_000, "" + b.establishedMs());
        assertTrue(r.json().contains("\"bgp\""));
        io.podnet.dataplane.realise.RunPrefix own = new io.podnet.dataplane.realise.RunPrefix(prefix[0]);
        assertTrue(new Cleanup(runner).leftovers().stream().noneMatch(own::owns));
        assertTrue(java.nio.file.Files.notExists(io.podnet.dataplane.realise.RunLock.DIR.resolve(prefix[0] + ".lock")));
    }

    @Test
    void routeReflectorConvergenceAfterANodeFailureIsMeasuredNextToTheSimulatedFigure() {
        assumeBird();
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 1);
        Verifier.Options o = Verifier.Options.defaults().withConvergence("node3", 9);
        VerifyReport r = new Verifier(new CommandRunner(), o, System.out::println).verify(input(c, crossNode(c).subList(0, 1), null));
        System.out.println(r.text());
        System.out.println(r.json());
        assertTrue(r.agree(), r.text());
        BgpCheck.Convergence cv = r.bgp().convergence();
        assertNotNull(cv);
        assertEquals(9, cv.holdSeconds());
        // hold 9 s, keepalive 3 s: the peers give up between 6 and 9 s after the last keepalive (plus polling)
        assertTrue(cv.measuredMs() >= 5_000 && cv.measuredMs() <= 12_000, r.text());
        assertTrue(cv.simulatedMs() >= 6_000 && cv.simulatedMs() <= 9_100, r.text());
    }

    @Test
    void aWrongSimulatedRouteIsReportedAsMissingAndExtra() {
        assumeBird();
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 0);
        Map<String, List<KernelRoute>> routes = new LinkedHashMap<>(BgpReference.predict(c.config(), null).routes());
        List<KernelRoute> n1 = new ArrayList<>(routes.get("node1"));
        KernelRoute good = n1.remove(2);
        n1.add(new KernelRoute("unicast", good.dst(), CalicoCluster.nodeIp(2), "eth0", false));
        routes.put("node1", n1);
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null)
                .verify(input(c, List.of(), new VerifyInput.SimulatedBgp(routes, -1, null)));
        System.out.println(r.text());
        assertFalse(r.agree());
        assertEquals(1, r.exitCode());
        RouteDiff d = r.bgp().nodes().get(0);
        assertEquals("10.244.3.0/26 via 172.18.0.12 dev eth0", d.missing().get(0).text());
        assertEquals("10.244.3.0/26 via 172.18.0.13 dev eth0", d.extra().get(0).text());
        assertTrue(r.bgp().nodes().get(1).agree());
    }

    @Test
    void calicoVxlanVerifies() {
        Root.assumeRootAndTools();
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.VXLAN, 0);
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null).verify(input(c, crossNode(c), null));
        System.out.println(r.text());
        assertTrue(r.agree(), r.text());
        assertFalse(r.flows().isEmpty());
        assertTrue(r.flows().stream().allMatch(f -> f.checkable() && f.kernel().outcome().equals("delivered")), r.text());
        // the underlay carried VXLAN on port 4789 with VNI 4096
        assertTrue(r.flows().get(0).kernel().path().stream().anyMatch(h -> h.tunnel() != null && h.tunnel().port() == 4789
                && h.tunnel().vni() == 4096), r.text());
    }

    @Test
    void hostGwVerifies() {
        Root.assumeRootAndTools();
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.HOST_GW, 0);
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null).verify(input(c, crossNode(c), null));
        System.out.println(r.text());
        assertTrue(r.agree(), r.text());
        assertTrue(r.flows().stream().allMatch(f -> f.kernel().outcome().equals("delivered")), r.text());
        assertTrue(r.flows().get(0).kernel().path().stream().noneMatch(h -> h.tunnel() != null), r.text());
    }

    @Test
    void blocksAreNotInTheRenderingSoBirdMustWriteThem() {
        NetworkConfig cfg = new CalicoCluster(2, 1, CalicoCluster.Mode.BGP, 0).config();
        NetworkConfig stripped = io.podnet.dataplane.bgp.BirdConfig.withoutBirdRoutes(cfg);
        assertTrue(cfg.namespace("node1").routes().stream().anyMatch(x -> "bird".equals(x.proto())));
        assertTrue(stripped.namespace("node1").routes().stream().noneMatch(x -> "bird".equals(x.proto())));
        assertEquals(Ipv4Prefix.parse("10.244.1.0/26"), cfg.bgp().get(0).originate().get(0));
    }
}
