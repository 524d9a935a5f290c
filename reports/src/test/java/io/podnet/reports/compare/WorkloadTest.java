package io.podnet.reports.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    /** Three racks: node1 and node2 on 10.0.1.0/24, node3 on 10.0.2.0/24, node4 on 10.0.3.0/24. */
    private static Cluster racks(boolean podOnNode4) {
        List<ClusterNode> nodes = List.of(node("node1", 0, "10.0.1.10", "10.0.1.0/24"),
                node("node2", 1, "10.0.1.11", "10.0.1.0/24"), node("node3", 2, "10.0.2.10", "10.0.2.0/24"),
                node("node4", 3, "10.0.3.10", "10.0.3.0/24"));
        List<ClusterPod> pods = new ArrayList<>(List.of(pod("frontend-abcde", "node1", "10.244.1.2"),
                pod("a", "node2", "10.244.2.2"), pod("backend-fghij", "node3", "10.244.3.2")));
        if (podOnNode4) {
            pods.add(pod("d", "node4", "10.244.4.2"));
        }
        return new Cluster(nodes, pods, List.of(), List.of(), List.of(), List.of(), Ipv4Prefix.parse("10.96.0.0/12"),
                Ipv4Prefix.parse("10.244.0.0/16"), "cluster.local", List.of());
    }

    private static ClusterNode node(String name, int i, String addr, String net) {
        return new ClusterNode(name, i, Ipv4Address.parse(addr), Ipv4Prefix.parse(net), Map.of(),
                Ipv4Prefix.parse("10.244." + (i + 1) + ".0/24"));
    }

    private static ClusterPod pod(String name, String node, String ip) {
        return new ClusterPod("default", name, node, Ipv4Address.parse(ip), Map.of(), List.of(), name, false, true, "");
    }

    private static Scenario example() throws Exception {
        return Podnet.load(Path.of(ComparerTest.EXAMPLE)).scenario();
    }

    @Test
    void bulkPrefersAPodInAnotherSubnetAndProbesEveryPairOfSubnets() throws Exception {
        Workload w = Workload.plan(example(), racks(true), 1 << 20);
        assertEquals(List.of("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"), w.subnets());
        assertEquals(List.of("compare-probe-1-2", "compare-probe-1-3", "compare-probe-2-3"), w.probes());
        TrafficItem bulk = w.scenario().trafficItem(Workload.BULK);
        assertEquals("frontend-abcde", bulk.from().name());
        assertEquals("backend-fghij", bulk.to().name(), "node2 shares node1's subnet; node3 does not");
        assertEquals(Protocol.TCP, bulk.protocol());
        assertEquals(1 << 20, bulk.requestBytes());
        TrafficItem probe = w.scenario().trafficItem("compare-probe-2-3");
        assertEquals("backend-fghij", probe.from().name());
        assertEquals("d", probe.to().name());
        assertEquals(Protocol.ICMP, probe.protocol());
        // The scenario's own item starts at 0: its repeat 10 ms later, probes 5 ms after it, the bulk 5 ms after them.
        TrafficItem repeat = w.scenario().trafficItem(Workload.REPEAT);
        assertEquals(Workload.REPEAT, w.repeat());
        TrafficItem first = w.scenario().traffic().get(0);
        assertEquals(first.from(), repeat.from());
        assertEquals(first.to(), repeat.to());
        assertEquals(first.protocol(), repeat.protocol());
        assertEquals(first.responseBytes(), repeat.responseBytes());
        assertEquals(1, repeat.count());
        assertEquals(10_000_000L, repeat.atNanos());
        assertEquals(15_000_000L, probe.atNanos());
        assertEquals(20_000_000L, bulk.atNanos());
        assertEquals("frontend-calls-my-app", w.scenario().traffic().get(0).name());
        assertEquals(1, w.scenario().expectations().size(), "the scenario's expectations are kept");
    }

    @Test
    void subnetsWithoutPodsAreNamedNotProbed() throws Exception {
        Workload w = Workload.plan(example(), racks(false), 1 << 20);
        assertEquals(List.of("compare-probe-1-2"), w.probes());
        assertTrue(w.description().contains("1 underlay subnet(s) host no pod and are not probed"), w.description().toString());
    }

    @Test
    void aLargeTcpItemOfTheScenarioIsTheBulkTransfer() throws Exception {
        Scenario s = example();
        TrafficItem t = s.traffic().get(0);
        TrafficItem big = new TrafficItem("download", t.location(), t.from(), t.to(), Protocol.HTTP, 100, 8L << 20,
                0, 1, 0, t.timeoutNanos());
        Scenario withBig = Workload.withTraffic(s, List.of(t, big), s.events());
        Workload w = Workload.plan(withBig, racks(true), 1 << 20);
        assertEquals("download", w.bulk());
        assertFalse(w.bulkAdded());
        assertNull(w.scenario().trafficItem(Workload.BULK));
    }

    @Test
    void podsOnNodesTheScenarioFailsAreNotChosen() throws Exception {
        Scenario s = example();
        var at = s.location();
        Scenario failing = Workload.withTraffic(s, s.traffic(), List.of(new io.podnet.scenarios.model.ScenarioEvent(
                100_000_000L, io.podnet.scenarios.model.ScenarioEvent.Action.FAIL, "", "node3", 40_000_000_000L, at, at)));
        Workload w = Workload.plan(failing, racks(true), 1 << 20);
        TrafficItem bulk = w.scenario().trafficItem(Workload.BULK);
        assertEquals("d", bulk.to().name(), "backend-fghij runs on node3, which fails; d is on node4, another subnet");
        assertEquals(List.of("compare-probe-1-2"), w.probes(), "the subnet of node3 has no live pod");
    }

    @Test
    void failureRunFailsTheNodeAndPingsBetweenSurvivors() throws Exception {
        Scenario s = example();
        var at = s.location();
        Scenario own = Workload.withTraffic(s, s.traffic(), List.of(new io.podnet.scenarios.model.ScenarioEvent(
                100_000_000L, io.podnet.scenarios.model.ScenarioEvent.Action.FAIL, "", "node3", 40_000_000_000L, at, at)));
        Scenario f = Workload.failureRun(own, racks(true), "node4", 2_000_000_000L, 302_000_000_000L);
        assertEquals(1, f.events().size());
        assertEquals(io.podnet.scenarios.model.ScenarioEvent.Action.FAIL, f.events().get(0).action());
        assertEquals("node/node4", f.events().get(0).target());
        assertEquals(2_000_000_000L, f.events().get(0).atNanos());
        assertEquals(1, f.traffic().size());
        assertEquals("frontend-abcde", f.traffic().get(0).from().name());
        assertEquals("a", f.traffic().get(0).to().name(), "the first pod on another surviving node");
        assertEquals(List.of(), f.expectations());
    }
}
