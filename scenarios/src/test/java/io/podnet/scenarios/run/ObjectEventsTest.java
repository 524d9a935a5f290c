package io.podnet.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code events: apply} and {@code delete} of objects during a run. The expected outcomes are the
 * NetworkPolicy semantics of upstream's e2e cases "should enforce updated policy", "should enforce
 * policy to allow traffic only from a pod in a different namespace based on PodSelector and
 * NamespaceSelector" (pod relabelled), and "should stop enforcing policies after they are deleted"
 * (test/e2e/network/netpol/network_policy.go): a change applies to new connections once the node's
 * agent has programmed it. That an established connection survives a new deny is conntrack's: Felix
 * accepts {@code ctstate RELATED,ESTABLISHED} before any policy chain (cali-FORWARD), which the
 * rendered rules hold.
 */
class ObjectEventsTest {
    /** Calico enforcing policy; client on node1, web and other on node2 (server pods). */
    private static final String CLUSTER = """
            apiVersion: podnet/v1
            kind: Scenario
            metadata: {name: t}
            seed: 3
            cluster:
              nodes: [node1, node2]
              underlay: {cidr: 172.18.0.0/24, mtu: 1500, link: {bandwidth: 100Mbit, latency: 50us}}
              networkPolicy: {enforcement: calico}
              cni: flannel-vxlan
            resources:
              - {apiVersion: v1, kind: Pod, metadata: {name: client, labels: {app: client}}, spec: {nodeName: node1, containers: [{name: c, image: c}]}}
              - {apiVersion: v1, kind: Pod, metadata: {name: web, labels: {app: web}}, spec: {nodeName: node2, containers: [{name: c, image: c}]}}
              - {apiVersion: v1, kind: Pod, metadata: {name: other, labels: {app: other}}, spec: {nodeName: node2, containers: [{name: c, image: c}]}}
            """;

    private static final String DENY_WEB = "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy,"
            + " metadata: {name: deny-web}, spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}}";

    private static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", Path.of("."), new Diagnostics());
    }

    private static String tcp(String name, String to, String at) {
        return "  - {name: " + name + ", from: pod/client, to: pod/" + to + ":8080, protocol: tcp, at: " + at
                + ", timeout: 300ms}\n";
    }

    private static Outcome outcome(RunResult r, String item) {
        return r.flowsOf(item).get(0).outcome();
    }

    @Test
    void aPolicyAppliedAt1sBlocksNewConnectionsOnceFelixHasProgrammedIt() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + tcp("before", "web", "500ms")
                + tcp("while-felix-catches-up", "web", "1050ms") // applied at 1s, programmed at 1.1s
                + tcp("after", "web", "1200ms")
                + tcp("unselected", "other", "1200ms")
                + "events:\n  - {at: 1s, apply: " + DENY_WEB + "}\n"));
        assertEquals(Outcome.DELIVERED, outcome(r, "before"));
        assertEquals(Outcome.DELIVERED, outcome(r, "while-felix-catches-up"));
        assertFalse(outcome(r, "after") == Outcome.DELIVERED, r.flowsOf("after").toString());
        assertEquals(Outcome.DELIVERED, outcome(r, "unselected"));
        // the trace says when the new rules took effect, on the node that changed
        TraceEvent took = r.trace().stream().filter(e -> e.kind() == EventKind.NOTE
                && e.explanation().contains("Felix on node2 programs apply NetworkPolicy default/deny-web")).findFirst()
                .orElseThrow();
        assertEquals(r.originNanos() + 1_100_000_000L, took.time());
        assertEquals("node2", took.namespace());
        assertTrue(r.ruleReloads().stream().anyMatch(x -> x.namespace().equals("node2")
                && x.atNanos() == 1_100_000_000L && x.text().contains("deny-web")), r.ruleReloads()::toString);
    }

    @Test
    void afterOverridesFelixsDelay() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + tcp("still-open", "web", "1150ms")
                + tcp("closed", "web", "1250ms")
                + "events:\n  - {at: 1s, after: 200ms, apply: " + DENY_WEB + "}\n"));
        assertEquals(Outcome.DELIVERED, outcome(r, "still-open"));
        assertFalse(outcome(r, "closed") == Outcome.DELIVERED);
    }

    @Test
    void aDeletedPolicyStopsEnforcing() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER.replace("resources:\n", "resources:\n  - " + DENY_WEB + "\n")
                + "traffic:\n"
                + tcp("before", "web", "500ms")
                + tcp("after", "web", "1200ms")
                + "events:\n  - {at: 1s, delete: networkpolicy/deny-web}\n"));
        assertFalse(outcome(r, "before") == Outcome.DELIVERED);
        assertEquals(Outcome.DELIVERED, outcome(r, "after"));
    }

    @Test
    void aPodLabelChangeMovesItIntoAndOutOfAPolicysSelection() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER.replace("resources:\n", "resources:\n  - " + DENY_WEB + "\n")
                + "traffic:\n"
                + tcp("other-before", "other", "500ms")
                + tcp("web-before", "web", "500ms")
                + tcp("other-after", "other", "1200ms")
                + tcp("web-after", "web", "1200ms")
                + "events:\n"
                + "  - {at: 1s, apply: {apiVersion: v1, kind: Pod, metadata: {name: other, labels: {app: web}}}}\n"
                + "  - {at: 1s, apply: {apiVersion: v1, kind: Pod, metadata: {name: web, labels: {app: old}}}}\n"));
        assertEquals(Outcome.DELIVERED, outcome(r, "other-before"));
        assertFalse(outcome(r, "web-before") == Outcome.DELIVERED);
        assertFalse(outcome(r, "other-after") == Outcome.DELIVERED, "other now has app=web: selected, isolated");
        assertEquals(Outcome.DELIVERED, outcome(r, "web-after"), "web now has app=old: no longer selected");
    }

    @Test
    void anEstablishedConnectionSurvivesANewDenyAsConntrackMakesIt() throws Exception {
        // 4 MB at 100 Mbit/s take about 0.35 s: the transfer started at 0.9 s is still running when Felix
        // programs the deny at 1.1 s; ctstate ESTABLISHED is accepted before the policy chains.
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + "  - {name: bulk, from: pod/client, to: pod/web:8080, protocol: tcp, request: 100B, response: 4MB,"
                + " at: 900ms, timeout: 3s}\n"
                + tcp("new", "web", "1200ms")
                + "events:\n  - {at: 1s, apply: " + DENY_WEB + "}\n"));
        FlowResult bulk = r.flowsOf("bulk").get(0);
        assertEquals(Outcome.DELIVERED, bulk.outcome(), bulk.toString());
        assertTrue(bulk.startNanos() + bulk.latencyNanos() > r.originNanos() + 1_100_000_000L,
                "the transfer was still running when the deny took effect: " + bulk);
        assertFalse(outcome(r, "new") == Outcome.DELIVERED);
        String node2 = r.ruleReloads().stream().filter(x -> x.namespace().equals("node2")).findFirst().orElseThrow().text();
        String firstForwardRule = node2.lines().filter(l -> l.startsWith("-A cali-FORWARD ")).findFirst().orElseThrow();
        assertTrue(firstForwardRule.endsWith("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"), firstForwardRule);
    }

    @Test
    void aServiceAppliedDuringTheRunIsProgrammedByKubeProxyAfterItsSyncPeriod() throws Exception {
        String svc = "{apiVersion: v1, kind: Service, metadata: {name: late}, spec: {selector: {app: web},"
                + " ports: [{port: 80, targetPort: 8080}]}}";
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + "  - {name: later, from: pod/client, to: service/late:80, protocol: tcp, at: 2100ms, timeout: 300ms}\n"
                + "events:\n  - {at: 1s, apply: " + svc + "}\n"));
        assertEquals(Outcome.DELIVERED, outcome(r, "later"));
        assertTrue(r.ruleReloads().stream().allMatch(x -> x.atNanos() == 2_000_000_000L), r.ruleReloads()::toString);
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == EventKind.NOTE
                && e.explanation().contains("kube-proxy on node1 programs apply Service default/late")));
    }

    @Test
    void badChangesAreReportedAtTheEvent() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioRunner.run(parse(CLUSTER
                + "events:\n  - {at: 1s, delete: networkpolicy/nope}\n")));
        List<String> errors = e.diagnostics().stream().map(Diagnostic::render).toList();
        assertTrue(errors.get(0).startsWith("s.yaml:"), errors::toString);
        assertTrue(errors.get(0).contains("there is no NetworkPolicy default/nope to delete"), errors::toString);

        ScenarioException ghost = assertThrows(ScenarioException.class, () -> ScenarioRunner.run(parse(CLUSTER
                + "events:\n  - {at: 1s, apply: {apiVersion: v1, kind: Pod, metadata: {name: ghost, labels: {a: b}}}}\n")));
        assertTrue(ghost.diagnostics().get(0).render().contains("does not create one"),
                ghost.diagnostics().get(0)::render);
    }
}
