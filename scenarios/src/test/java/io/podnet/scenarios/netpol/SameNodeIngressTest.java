package io.podnet.scenarios.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same-node ingress bypass of issue 8: one node, pods x/a and x/b, default-deny ingress in x.
 * Kubernetes (upstream e2e "should support a 'default-deny-ingress' policy") says b -> a is blocked;
 * Felix's workload chains start by clearing the accept mark, so the mark b's egress chain set cannot
 * let the packet through a's ingress chain.
 */
class SameNodeIngressTest {
    static String scenario(String cni) {
        return """
                apiVersion: podnet/v1
                kind: Scenario
                metadata: {name: same-node-deny}
                cluster:
                  nodes: [node1]
                  networkPolicy: {enforcement: calico}
                  cni: %s
                resources:
                  - {apiVersion: v1, kind: Namespace, metadata: {name: x, labels: {ns: x}}}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: a, namespace: x, labels: {pod: a}}
                    spec: {nodeName: node1, containers: [{name: c, image: agnhost, ports: [{containerPort: 80}]}]}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: b, namespace: x, labels: {pod: b}}
                    spec: {nodeName: node1, containers: [{name: c, image: agnhost, ports: [{containerPort: 80}]}]}
                  - apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny-ingress, namespace: x}
                    spec: {podSelector: {}, policyTypes: [Ingress]}
                traffic:
                  - {name: b-to-a, from: pod/x/b, to: pod/x/a:80, protocol: tcp, timeout: 100ms}
                expect:
                  - {traffic: b-to-a, outcome: dropped, droppedBy: networkpolicy/x/deny-ingress}
                """.formatted(cni);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flannel-vxlan", "calico-vxlan"})
    void defaultDenyIngressDropsAPodOnTheSameNode(String cni) throws Exception {
        Diagnostics diags = new Diagnostics();
        Scenario s = ScenarioLoader.parse(scenario(cni), "same-node.yaml", Path.of("."), diags);
        RunResult r = ScenarioRunner.run(s);
        FlowResult f = r.flows().get(0);
        assertEquals(Outcome.DROPPED, f.outcome(), f.detail());
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        TraceEvent drop = r.trace().stream().filter(e -> e.kind() == EventKind.DROP).findFirst().orElse(null);
        assertNotNull(drop);
        assertTrue(drop.namespace().equals("node1"), drop.toString());
        assertTrue(drop.explanation().contains("networkpolicy/x/deny-ingress")
                && drop.explanation().contains("x/a"), drop.explanation());
    }
}
