package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A generated 20-node, 100-pod Flannel VXLAN scenario verifies; the time it takes is printed (SCALE: ...). */
class ScaleTest {
    static String scenario(int nodes, int podsPerNode) {
        StringBuilder y = new StringBuilder("""
                apiVersion: podnet/v1
                kind: Scenario
                metadata:
                  name: flannel-vxlan-scale
                seed: 7
                cluster:
                  nodes:
                """);
        for (int n = 1; n <= nodes; n++) {
            y.append("    - name: node").append(n).append('\n');
        }
        y.append("""
                  underlay: {cidr: 172.18.0.0/24, mtu: 1500}
                  serviceCIDR: 10.96.0.0/12
                  kubeProxy: {mode: iptables}
                  cni:
                    type: flannel
                    delegate:
                      isDefaultGateway: true
                      network: 10.244.0.0/16
                      backend: {type: vxlan, port: 8472}
                resources:
                """);
        for (int n = 1; n <= nodes; n++) {
            for (int k = 0; k < podsPerNode; k++) {
                String app = k == 0 ? "web" : k == 1 ? "api" : "misc";
                y.append("  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p-").append(n).append('-').append(k)
                        .append("\n      labels: {app: ").append(app).append("}\n    spec:\n      nodeName: node").append(n)
                        .append("\n      containers:\n        - name: c\n          image: x\n          ports:\n")
                        .append("            - containerPort: 8080\n");
            }
        }
        y.append("""
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      selector: {app: web}
                      ports: [{port: 80, targetPort: 8080, protocol: TCP}]
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: dns-like}
                    spec:
                      selector: {app: api}
                      ports: [{port: 53, targetPort: 8053, protocol: UDP}]
                traffic:
                  - {name: web-from-far, from: pod/p-20-2, to: service/web:80, protocol: http, request: 300B, response: 8KiB, repeat: {count: 20, interval: 5ms}}
                  - {name: api-udp, from: pod/p-3-4, to: service/dns-like:53, protocol: udp, request: 60B, response: 200B, repeat: {count: 5, interval: 5ms}}
                  - {name: tcp-direct, from: pod/p-1-3, to: pod/p-17-1:8080, protocol: tcp, request: 1KiB, response: 1KiB}
                  - {name: ping-far, from: pod/p-5-2, to: pod/p-19-3, protocol: icmp, request: 56B}
                  - {name: tcp-other-port, from: pod/p-2-2, to: pod/p-9-2:9999, protocol: tcp, request: 100B, response: 100B}
                """);
        return y.toString();
    }

    @Test
    void twentyNodesHundredPodsAgree() throws Exception {
        Root.assumeRootAndTools();
        Path dir = Files.createTempDirectory("pv-scale");
        Path file = dir.resolve("scale.yaml");
        Files.writeString(file, scenario(20, 5));
        long t0 = System.nanoTime();
        VerifyInput in = ScenarioInput.load(file, null);
        long sim = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(20 + 100, in.network().namespaces().size());
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), System.out::println).verify(in);
        long total = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(r.text());
        System.out.println("SCALE: simulate " + sim + " ms, namespaces ready " + r.realiseMs() + " ms, verify "
                + r.totalMs() + " ms, total " + total + " ms");
        // The time is reported, not asserted (docs/verify.md quotes it): a shared CI machine is no stopwatch.
        assertTrue(r.agree(), r.text());
    }
}
