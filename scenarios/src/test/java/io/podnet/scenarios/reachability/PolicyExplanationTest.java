package io.podnet.scenarios.reachability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Explanations read from the trace for egress: an ipBlock with except (the allowing rule is the jump
 * into the except chain, whose comment names rule, peer and port) and the drop when nothing allows.
 * examples/netpol-3x3.yaml with its policy replaced: x/a may reach 10.244.0.0/16 except node2's pod
 * subnet 10.244.2.0/24 on TCP 80 (Kubernetes: an ipBlock peer is the CIDR minus its except CIDRs).
 */
class PolicyExplanationTest {
    @Test
    void egressIpBlockWithExceptAndEgressDrop() throws Exception {
        String text = Files.readString(Path.of("examples/netpol-3x3.yaml"));
        String policy = text.substring(text.indexOf("  - apiVersion: networking.k8s.io/v1"), text.indexOf("traffic:"));
        text = text.replace(policy, """
                  - apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: egress-cidr, namespace: x}
                    spec:
                      podSelector: {matchLabels: {pod: a}}
                      policyTypes: [Egress]
                      egress:
                        - to: [{ipBlock: {cidr: 10.244.0.0/16, except: [10.244.2.0/24]}}]
                          ports: [{port: 80, protocol: TCP}]
                """);
        Scenario s = ScenarioLoader.parse(text, "netpol-egress.yaml", Path.of("examples"), new Diagnostics());
        Reachability.Result r = Reachability.compute(new LoadedScenario(s, List.of()), 80, Protocol.TCP, null, null);
        // node1 pods (x/c, y/b, ...) are in the block; node2 pods (x/b, y/a, ...) are excepted.
        assertEquals(Boolean.TRUE, r.matrix().get("x/a", "y/b"));
        assertEquals(Boolean.FALSE, r.matrix().get("x/a", "x/b"));
        List<String> allowed = PolicyExplanation.explain(r.run(), r.flow("x/a", "y/b"), "x/a", "y/b");
        assertTrue(allowed.get(0).startsWith("egress of x/a: allowed by networkpolicy/x/egress-cidr egress[0] to[0]"
                + " ipBlock 10.244.0.0/16 ports[0] TCP/80 ["), allowed.toString());
        assertTrue(allowed.get(1).startsWith("ingress of y/b: not isolated: no NetworkPolicy selects y/b for ingress"),
                allowed.toString());
        List<String> dropped = PolicyExplanation.explain(r.run(), r.flow("x/a", "x/b"), "x/a", "x/b");
        assertTrue(dropped.get(0).startsWith("egress of x/a: dropped: no policy selecting x/a allows egress to x/b"
                + " (isolated by networkpolicy/x/egress-cidr) [node1 filter/cali-fw-"), dropped.toString());
        assertEquals("ingress of x/b: not reached (dropped on egress)", dropped.get(1));
    }
}
