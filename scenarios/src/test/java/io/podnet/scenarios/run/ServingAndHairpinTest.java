package io.podnet.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two facts from upstream, issue 8's smaller items:
 * <ul>
 * <li>EndpointSlice conditions as kube-proxy reads them (pkg/proxy/endpointslicecache.go): ready
 * and serving unset mean true, terminating unset means false; and when a Service has no ready
 * endpoint, kube-proxy falls back to the endpoints that are serving and terminating
 * (pkg/proxy/topology.go, CategorizeEndpoints). So {@code {ready: false, terminating: true}} with
 * serving unset is a fallback endpoint that answers, not a REJECT.</li>
 * <li>A pod reaching itself through its Service (hairpin): the Linux bridge sends a frame back out
 * of the port it arrived on only when that port has hairpin mode set (br_forward.c,
 * should_deliver), which the bridge CNI plugin sets with hairpinMode: true; then the request is
 * delivered to the pod itself, which is what served it.</li>
 * </ul>
 */
class ServingAndHairpinTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            apiVersion: podnet/v1
            kind: Scenario
            metadata: {name: t}
            seed: 1
            cluster:
              nodes: [node1, node2]
              cni:
                type: flannel
                delegate: {isDefaultGateway: true, hairpinMode: %s, network: 10.244.0.0/16, backend: {type: vxlan}}
            resources:
              - apiVersion: v1
                kind: Pod
                metadata: {name: client, labels: {app: client}}
                spec: {nodeName: node1, containers: [{name: c, image: curl}]}
              - apiVersion: v1
                kind: Pod
                metadata: {name: backend, labels: {app: backend}}
                spec: {nodeName: node2, containers: [{name: b, image: nginx, ports: [{containerPort: 8080}]}]}
                status: {podIP: 10.244.2.8}
            """;

    private FlowResult run(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        RunResult r = Podnet.run(Podnet.load(f), null);
        return r.flows().get(0);
    }

    private static String sliceScenario(String conditions) {
        return String.format(HEAD, "true") + """
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      clusterIP: 10.96.0.20
                      ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
                  - apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
                    addressType: IPv4
                    ports: [{name: http, port: 8080, protocol: TCP}]
                    endpoints:
                      - addresses: [10.244.2.8]
                        nodeName: node2
                        targetRef: {kind: Pod, name: backend}
                        conditions: %s
                traffic:
                  - {name: call, from: pod/client, to: service/web:80, protocol: tcp, at: 0ms}
                """.formatted(conditions);
    }

    @Test
    void unsetServingIsTrueSoATerminatingEndpointIsTheFallback() throws Exception {
        FlowResult f = run(sliceScenario("{ready: false, terminating: true}"));
        assertEquals(Outcome.DELIVERED, f.outcome(), f.detail());
        assertEquals("backend", f.servedBy());
    }

    @Test
    void servingFalseAndNotReadyLeavesNoEndpoint() throws Exception {
        // No ready endpoint and no serving-terminating one: kube-proxy rejects (icmp port unreachable).
        FlowResult f = run(sliceScenario("{ready: false, serving: false, terminating: true}"));
        assertEquals(Outcome.REFUSED, f.outcome(), f.detail());
        assertNull(f.servedBy());
    }

    @Test
    void notReadyAndNotTerminatingIsNoFallback() throws Exception {
        FlowResult f = run(sliceScenario("{ready: false}"));
        assertEquals(Outcome.REFUSED, f.outcome(), f.detail());
    }

    private static String hairpin(String mode) {
        return String.format(HEAD, mode) + """
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      selector: {app: backend}
                      clusterIP: 10.96.0.20
                      ports: [{port: 80, targetPort: 8080, protocol: TCP}]
                traffic:
                  - {name: self, from: pod/backend, to: service/web:80, protocol: tcp, at: 0ms}
                """;
    }

    @Test
    void aPodReachingItselfThroughItsServiceServedItself() throws Exception {
        FlowResult f = run(hairpin("true"));
        assertEquals(Outcome.DELIVERED, f.outcome(), f.detail());
        assertEquals("backend", f.servedBy());
    }

    @Test
    void withoutHairpinModeTheBridgeDoesNotReflectTheFrame() throws Exception {
        FlowResult f = run(hairpin("none"));
        assertNotEquals(Outcome.DELIVERED, f.outcome());
        assertNull(f.servedBy());
    }
}
