package io.podnet.scenarios.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code endpointSpread: uniform}: kube-proxy's iptables mode picks among n ready endpoints with the
 * statistic-random rules 1/n, 1/(n-1), ..., 1 (kube-proxy's proxier writes them so), which makes each
 * endpoint's probability 1/n; a pod on a NotReady node is not a ready endpoint (the EndpointSlice
 * controller), so kube-proxy splits over the other two.
 */
class SpreadsTest {
    @TempDir
    Path dir;

    private static String scenario(boolean failNode3) {
        StringBuilder b = new StringBuilder("""
                apiVersion: podnet/v1
                kind: Scenario
                metadata: {name: spread}
                seed: 3
                cluster:
                  nodes: [node1, node2, node3, node4]
                  cni: flannel-host-gw
                resources:
                  - {apiVersion: v1, kind: Pod, metadata: {name: client}, spec: {nodeName: node1, containers: [{name: c, image: curl}]}}
                """);
        for (int i = 2; i <= 4; i++) {
            b.append("  - {apiVersion: v1, kind: Pod, metadata: {name: web-").append(i).append(", labels: {app: web}}, spec:"
                    + " {nodeName: node").append(i).append(", containers: [{name: w, image: nginx, ports: [{containerPort: 8080}]}]}}\n");
        }
        b.append("""
                  - {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}}
                traffic:
                  - {name: calls, from: pod/client, to: service/web:80, protocol: tcp, at: 100ms, repeat: {count: 3000, interval: 1ms}}
                expect:
                  - {traffic: calls, endpointSpread: uniform, endpoints: 3, confidence: 99%, latency: {p99: 10ms}}
                """);
        if (failNode3) {
            b.append("events:\n  - {at: 1ms, fail: node/node4, after: 10ms}\n");
        }
        return b.toString();
    }

    private List<ExpectationFailure> run(boolean fail) throws Exception {
        Path f = dir.resolve(fail ? "fail.yaml" : "ok.yaml");
        Files.writeString(f, scenario(fail));
        RunResult r = Podnet.run(Podnet.load(f), null);
        assertEquals(3000, r.flowsOf("calls").size());
        return Podnet.check(r);
    }

    @Test
    void uniformHoldsOverThreeReadyEndpoints() throws Exception {
        List<ExpectationFailure> failed = run(false);
        assertTrue(failed.isEmpty(), () -> failed.stream().map(ExpectationFailure::render).toList().toString());
    }

    @Test
    void uniformOverThreeFailsWhenOneEndpointIsNotReady() throws Exception {
        List<ExpectationFailure> failed = run(true);
        assertEquals(1, failed.size(), () -> failed.stream().map(ExpectationFailure::render).toList().toString());
        String m = failed.get(0).render();
        assertTrue(m.contains("χ²=") && m.contains("p=") && m.contains("endpoint(s) never served"), m);
        assertTrue(m.contains("expected 1000 each"), m);
    }
}
