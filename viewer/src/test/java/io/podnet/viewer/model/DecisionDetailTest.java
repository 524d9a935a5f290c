package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionDetailTest {
    private final NetworkConfig net = Fixtures.seed().network();

    private static TraceEvent event(String ns, Decision d) {
        return new TraceEvent(0, 0, 1, "f", ns, null, EventKind.NOTE, "x", null, null, d);
    }

    @Test
    void aRuleIsFoundByTableChainAndPositionInTheIptablesText() {
        Decision.RuleHit hit = new Decision.RuleHit("nat", "KUBE-SEP-6E7XQMQ4RAYOWTTM", 2, "(text differs)", "DNAT");
        DecisionDetail d = DecisionDetail.of(event("node1", hit), net);
        assertEquals("iptables-save (node1)", d.listing().title());
        assertTrue(d.listing().highlightedLine().startsWith("-A KUBE-SEP-6E7XQMQ4RAYOWTTM -p tcp"), d.listing().highlightedLine());
        assertTrue(d.listing().highlightedLine().endsWith("-j DNAT --to-destination 10.244.1.2:8080"));
        // Same chain name in another table is not counted: rule 1 of filter/FORWARD.
        DecisionDetail f = DecisionDetail.of(event("node1", new Decision.RuleHit("filter", "FORWARD", 1, "", "KUBE-FORWARD")), net);
        assertEquals("-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD", f.listing().highlightedLine());
    }

    @Test
    void routesFdbAndNeighboursPointAtTheirLine() {
        DecisionDetail r = DecisionDetail.of(event("node1", new Decision.RouteMatch("main",
                "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", "10.244.1.0", "flannel.1")), net);
        assertEquals("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", r.listing().highlightedLine());
        String vtep2 = net.namespace("node2").iface("flannel.1").mac().toString();
        DecisionDetail f = DecisionDetail.of(event("node1", new Decision.FdbEntry(vtep2, "flannel.1", "172.18.0.3", "t")), net);
        assertEquals(vtep2 + " dev flannel.1 dst 172.18.0.3 self permanent", f.listing().highlightedLine());
        DecisionDetail n = DecisionDetail.of(event("node1", new Decision.Neighbour("10.244.1.0", vtep2, "flannel.1", "PERMANENT")), net);
        assertEquals("10.244.1.0 dev flannel.1 lladdr " + vtep2 + " PERMANENT", n.listing().highlightedLine());
    }

    @Test
    void dropsAndTunnelsAreSpelledOut() {
        DecisionDetail d = DecisionDetail.of(event("node1", new Decision.Drop(DropReason.NETWORK_POLICY, "deny-all")), net);
        assertEquals("DROPPED: NETWORK_POLICY", d.heading());
        assertEquals(List.of("reason: NETWORK_POLICY", "deny-all"), d.facts());
        DecisionDetail t = DecisionDetail.of(event("node1", new Decision.Tunnel("vxlan", 1, "172.18.0.2", "172.18.0.3", 8472, 50)), net);
        assertEquals("Tunnel vxlan VNI 1 to 172.18.0.3", t.heading());
    }
}
