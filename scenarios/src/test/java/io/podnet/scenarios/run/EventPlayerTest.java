package io.podnet.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPlayerTest {
    /** Two backends of Service web on node2 and node3, a client on node1. */
    private static final String CLUSTER = """
            apiVersion: podnet/v1
            kind: Scenario
            metadata: {name: t}
            seed: 3
            cluster: {nodes: [node1, node2, node3]}
            resources:
              - {apiVersion: v1, kind: Pod, metadata: {name: client}, spec: {nodeName: node1, containers: [{name: c, image: c}]}}
              - {apiVersion: v1, kind: Pod, metadata: {name: web-a, labels: {app: web}}, spec: {nodeName: node2, containers: [{name: c, image: c}]}}
              - {apiVersion: v1, kind: Pod, metadata: {name: web-b, labels: {app: web}}, spec: {nodeName: node3, containers: [{name: c, image: c}]}}
              - {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}}
            """;

    private static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", Path.of("."), new Diagnostics());
    }

    private static List<String> errors(String yaml) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(yaml));
        return e.diagnostics().stream().map(Diagnostic::render).toList();
    }

    private static String traffic(String name, String to, String at, int count) {
        return "  - {name: " + name + ", from: pod/client, to: " + to + ", protocol: tcp, at: " + at
                + ", repeat: {count: " + count + ", interval: 10ms}, timeout: 500ms}\n";
    }

    @Test
    void deletedPodLeavesTheServiceAfterThePropagationDelay() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + traffic("to-deleted", "pod/web-b:8080", "20ms", 1)
                + traffic("gap", "service/web:80", "30ms", 8)
                + traffic("later", "service/web:80", "600ms", 8)
                + "events:\n  - {at: 10ms, delete: pod/web-b, after: 500ms}\n"));
        // node3 asks for the pod's MAC and nobody answers: the SYN waits in the ARP queue past the timeout.
        FlowResult deleted = r.flowsOf("to-deleted").get(0);
        assertEquals(Outcome.TIMEOUT, deleted.outcome());
        assertTrue(r.trace().stream().anyMatch(e -> e.location().equals("web-b/eth0")
                && e.explanation().equals("web-b is down; eth0 cannot receive")));
        List<FlowResult> gap = r.flowsOf("gap");
        assertTrue(gap.stream().anyMatch(f -> f.outcome() == Outcome.TIMEOUT), gap.toString());
        assertTrue(gap.stream().anyMatch(f -> "web-a".equals(f.servedBy())), gap.toString());
        assertTrue(r.flowsOf("later").stream().allMatch(f -> f.outcome() == Outcome.DELIVERED
                && "web-a".equals(f.servedBy())), r.flowsOf("later").toString());
        assertTrue(r.trace().stream().anyMatch(e -> e.time() == 510_000_000L && e.explanation().equals(
                "scenario event: pod default/web-b left its Services' endpoints; kube-proxy reloads the rules of node1,"
                        + " node2, node3")));
    }

    @Test
    void linkDownDropsOnTheLinkAndLinkUpHeals() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + traffic("while-down", "pod/web-b:8080", "20ms", 1)
                + traffic("after-up", "pod/web-b:8080", "5s", 1) // after node1 gave up its ARP probes
                + "events:\n  - {at: 10ms, link-down: node/node3}\n  - {at: 100ms, link-up: node/node3}\n"));
        FlowResult down = r.flowsOf("while-down").get(0);
        // node1's ARP requests for node3 are lost on the dead link: the SYN never leaves node1.
        assertEquals(Outcome.TIMEOUT, down.outcome());
        assertTrue(r.trace().stream().anyMatch(e -> e.explanation().contains("is down")
                && e.kind() == io.podnet.sim.trace.EventKind.DROP && e.time() > 20_000_000L && e.time() < 100_000_000L));
        assertEquals(Outcome.DELIVERED, r.flowsOf("after-up").get(0).outcome());
        // Back within the grace period: the node never went NotReady, so no rules changed.
        assertTrue(r.trace().stream().noneMatch(e -> e.explanation().contains("NotReady")));
    }

    @Test
    void restoredNodeServesAgainOnceReady() throws Exception {
        RunResult r = ScenarioRunner.run(parse(CLUSTER + "traffic:\n"
                + traffic("late", "service/web:80", "2s", 8)
                + "events:\n  - {at: 0ms, fail: node/node3, after: 100ms}\n"
                + "  - {at: 1s, restore: node/node3, after: 500ms}\n"));
        assertTrue(r.flowsOf("late").stream().allMatch(f -> f.outcome() == Outcome.DELIVERED), r.flowsOf("late").toString());
        assertEquals(2, r.flowsOf("late").stream().map(FlowResult::servedBy).distinct().count());
        List<String> notes = r.trace().stream().filter(e -> e.explanation().startsWith("scenario event:"))
                .map(e -> e.time() / 1_000_000 + "ms " + e.explanation()).toList();
        assertEquals(List.of(
                "0ms scenario event: node node3 fails: its namespace and its pod web-b stop sending and receiving; the"
                        + " control plane notices after 100ms",
                "100ms scenario event: node node3 is NotReady: its pods' endpoints are no longer ready; kube-proxy"
                        + " reloads the rules of node1, node2, node3",
                "1000ms scenario event: node node3 is restored: its namespace and its pod web-b work again",
                "1500ms scenario event: node node3 is Ready again: its pods' endpoints are ready; kube-proxy reloads the"
                        + " rules of node1, node2, node3"), notes);
    }

    @Test
    void badEventsAreReportedAtTheirPositions() {
        assertEquals(List.of(
                "s.yaml:12:5: an event needs exactly one of: fail, restore, link-down, link-up, delete, apply",
                "s.yaml:12:15: unknown field 'fial' in an event (did you mean 'fail'?); accepted fields: at, after,"
                        + " fail, restore, link-down, link-up, delete, apply",
                "s.yaml:13:21: 'fail: pod/web-a' must name a node, not a pod; expected node/NAME",
                "s.yaml:14:24: event restore names unknown node 'node4' (did you mean 'node1'?); nodes are: node1,"
                        + " node2, node3",
                "s.yaml:15:23: event delete names unknown pod 'web-c' (did you mean 'web-a'?); pods are: client, web-a,"
                        + " web-b",
                "s.yaml:16:22: a manifest needs apiVersion and kind; accepted: v1 Pod, apps/v1 Deployment, v1 Service,"
                        + " v1 Namespace, discovery.k8s.io/v1 EndpointSlice, networking.k8s.io/v1 NetworkPolicy, v1 Node,"
                        + " and for"
                        + " Calico projectcalico.org/v3 IPPool, BGPConfiguration, BGPPeer, Node, IPAMConfiguration, FelixConfiguration (or"
                        + " {include: path/or/glob.yaml})"),
                errors(CLUSTER + "events:\n"
                        + "  - {at: 1ms, fial: node/node1}\n"
                        + "  - {at: 1ms, fail: pod/web-a}\n"
                        + "  - {at: 1ms, restore: node/node4}\n"
                        + "  - {at: 1ms, delete: pod/web-c}\n"
                        + "  - {at: 1ms, apply: {kind: Pod}}\n"));
    }
}
