package io.podnet.reports.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BGP sessions and run-time routes, read from a hand-made trace of a three-node full mesh. */
class RunMetricsTest {
    private static final String[] NODES = {"node1", "node2", "node3"};

    private static String addr(int i) {
        return "172.18.0." + (i + 2);
    }

    @Test
    void fullMeshOfThreeHasTwoSessionsPerNodeAndThreeInTotal() throws Exception {
        Scenario s = Podnet.load(Path.of(ComparerTest.EXAMPLE)).scenario();
        List<NamespaceConfig> namespaces = new ArrayList<>();
        List<BgpDaemonConfig> bgp = new ArrayList<>();
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            namespaces.add(new NamespaceConfig(NODES[i], "node", NODES[i], List.of(), List.of(
                    RouteConfig.connected(Ipv4Prefix.parse("172.18.0.0/24"), "eth0", Ipv4Address.parse(addr(i)))),
                    List.of(), List.of(), Sysctls.HOST, ""));
            List<BgpDaemonConfig.BgpNeighbourConfig> peers = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    peers.add(new BgpDaemonConfig.BgpNeighbourConfig(Ipv4Address.parse(addr(j)), 64512, false, NODES[j]));
                }
            }
            bgp.add(new BgpDaemonConfig(NODES[i], 64512, Ipv4Address.parse(addr(i)), null, peers, List.of(), "eth0",
                    List.of(), 90, 30, 0, 0));
            nodes.add(new ClusterNode(NODES[i], i, Ipv4Address.parse(addr(i)), Ipv4Prefix.parse("172.18.0.0/24"),
                    Map.of(), Ipv4Prefix.parse("10.244." + i + ".0/26")));
        }
        List<TraceEvent> trace = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    trace.add(new TraceEvent(seq++, 1000 + seq, -1, null, NODES[i], "bird", EventKind.NOTE,
                            "BGP " + NODES[i] + " <-> " + addr(j) + ": OPEN_CONFIRM -> ESTABLISHED: keepalive received",
                            null, null, new Decision.Socket("ESTABLISHED", "OPEN_CONFIRM -> ESTABLISHED")));
                    trace.add(new TraceEvent(seq++, 2000 + seq, -1, null, NODES[i], "bird", EventKind.ROUTE,
                            "bird installs 10.244." + j + ".0/26 via " + addr(j), null, null, new Decision.RouteMatch(
                            "main", "10.244." + j + ".0/26 via " + addr(j) + " dev eth0 proto bird", addr(j), "eth0")));
                }
            }
        }
        // node1's session to node3 flaps: counted once.
        trace.add(new TraceEvent(seq++, 5000, -1, null, "node1", "bird", EventKind.NOTE,
                "BGP node1 <-> 172.18.0.4: ESTABLISHED -> IDLE: hold timer expired", null, null,
                new Decision.Socket("IDLE", "hold timer expired")));
        trace.add(new TraceEvent(seq++, 6000, -1, null, "node1", "bird", EventKind.NOTE,
                "BGP node1 <-> 172.18.0.4: OPEN_CONFIRM -> ESTABLISHED: keepalive received", null, null,
                new Decision.Socket("ESTABLISHED", "OPEN_CONFIRM -> ESTABLISHED")));
        Cluster cluster = new Cluster(nodes, List.of(), List.of(), List.of(), List.of(), List.of(),
                Ipv4Prefix.parse("10.96.0.0/12"), Ipv4Prefix.parse("10.244.0.0/16"), "cluster.local", List.of());
        RunResult r = new RunResult("mesh", 1, s, new NetworkConfig(namespaces, List.of(), bgp), cluster, trace,
                List.of(), 10_000);
        Workload w = new Workload(s, null, false, List.of(), List.of("172.18.0.0/24"), List.of());
        DesignMetrics.Convergence none = new DesignMetrics.Convergence(DesignMetrics.Convergence.Kind.NOT_OBSERVED,
                null, -1, -1, 0, "");
        DesignMetrics m = RunMetrics.measure(r, w, List.of(), List.of(), none);

        assertEquals(Map.of("node1", 2, "node2", 2, "node3", 2), m.bgpSessionsPerNode());
        assertEquals(3, m.bgpSessionsTotal());
        // One connected route rendered, two pod blocks learned over BGP.
        assertEquals(Map.of("node1", 3, "node2", 3, "node3", 3), m.routesPerNode());
        assertEquals(Map.of("node1", 3, "node2", 3, "node3", 3), m.fibPerNode());
        assertEquals(6, m.runtimeRouteChanges());
        assertEquals(List.of(), m.tunnels());
        assertEquals(0, m.overheadBytes());
    }
}
