package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Traffic from outside the cluster and from a node (examples/external-traffic.yaml). Expectations
 * from kube-proxy's semantics (pkg/proxy/iptables/proxier.go and the Service docs): with
 * externalTrafficPolicy Local a node without a local endpoint drops external traffic to the
 * NodePort (the filter rule "has no local endpoints" in KUBE-EXTERNAL-SERVICES), a node with one
 * DNATs to it without masquerading, so the pod sees the client's address; a node's own traffic to
 * a ClusterIP is off-cluster traffic ({@code ! -s clusterCIDR}) and is masqueraded.
 */
class ExternalTrafficTest {
    private static RunResult run() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("examples/external-traffic.yaml"), new Diagnostics());
        return ScenarioRunner.run(s);
    }

    private static FlowResult flow(RunResult r, String name) {
        return r.flows().stream().filter(f -> f.traffic().equals(name)).findFirst().orElseThrow();
    }

    /** The source addresses of the packets of {@code flow} that the pod web-fghij received. */
    private static Set<String> sourcesSeenByPod(RunResult r, String flow) {
        Set<String> out = new LinkedHashSet<>();
        for (TraceEvent e : r.trace()) {
            io.podnet.sim.wire.Packet p = e.after() != null ? e.after() : e.before();
            if (flow.equals(e.flow()) && e.kind() == EventKind.RX && "web-fghij".equals(e.namespace())
                    && p != null && p.first(Ipv4Header.class) != null) {
                out.add(p.first(Ipv4Header.class).src().toString());
            }
        }
        return out;
    }

    @Test
    void externalTrafficPolicyLocalDropsWithoutALocalEndpointAndKeepsTheClientAddressWithOne() throws Exception {
        RunResult r = run();
        FlowResult via1 = flow(r, "client-via-node1");
        assertEquals(Outcome.DROPPED, via1.outcome());
        assertTrue(via1.detail().contains("default/web has no local endpoints"), via1.detail());
        FlowResult via2 = flow(r, "client-via-node2");
        assertEquals(Outcome.DELIVERED, via2.outcome());
        assertEquals("web-fghij", via2.servedBy());
        assertEquals(Set.of("172.18.0.100"), sourcesSeenByPod(r, "client-via-node2"));
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }

    @Test
    void aNodeCallsTheClusterIpAndIsMasqueraded() throws Exception {
        RunResult r = run();
        FlowResult f = flow(r, "node1-calls-clusterip");
        assertEquals(Outcome.DELIVERED, f.outcome());
        Set<String> sources = sourcesSeenByPod(r, "node1-calls-clusterip");
        assertFalse(sources.contains("172.18.0.2"), sources.toString());
        assertEquals(Set.of("10.244.1.0"), sources); // node1's flannel.1 address, MASQUERADE's choice
    }

    @Test
    void unknownExternalHostAndBadFromKindAreDiagnosed() {
        String text;
        try {
            text = Files.readString(Path.of("examples/external-traffic.yaml"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        ScenarioException e1 = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, () ->
                ScenarioLoader.parse(text.replace("from: external/client\n    to: node/node1", "from: external/clent\n    to: node/node1"),
                        "x.yaml", Path.of("examples"), new Diagnostics()));
        assertTrue(e1.getMessage().contains("unknown external host 'clent'") && e1.getMessage().contains("did you mean"),
                e1.getMessage());
        ScenarioException e2 = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, () ->
                ScenarioLoader.parse(text.replace("from: node/node1", "from: nod/node1"), "x.yaml", Path.of("examples"),
                        new Diagnostics()));
        assertTrue(e2.getMessage().contains("x.yaml:") && e2.getMessage().contains("node/NAME"), e2.getMessage());
        ScenarioException e3 = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, () ->
                ScenarioRunner.run(ScenarioLoader.parse(text.replace("172.18.0.100", "172.18.0.3"), "x.yaml",
                        Path.of("examples"), new Diagnostics())));
        assertTrue(e3.getMessage().contains("x.yaml:") && e3.getMessage().contains("node node2 already uses"),
                e3.getMessage());
    }
}
