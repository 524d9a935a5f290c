package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A LoadBalancer Service with loadBalancerSourceRanges reached from external hosts
 * (examples/loadbalancer.yaml). Expectations from kube-proxy's iptables proxier
 * (pkg/proxy/iptables/proxier.go; the ns5/svc5 lines of TestOverallIPTablesRules): the ingress IP
 * jumps to KUBE-FW-, an allowed source continues to KUBE-EXT- (masqueraded, externalTrafficPolicy
 * Cluster), any other source falls through un-DNATed and the filter rule "traffic not accepted by
 * KUBE-FW-..." in KUBE-PROXY-FIREWALL drops it.
 */
class LoadBalancerTest {
    private static RunResult run(String text) throws Exception {
        return ScenarioRunner.run(ScenarioLoader.parse(text, "lb.yaml", Path.of("examples"), new Diagnostics()));
    }

    private static String example() throws Exception {
        return Files.readString(Path.of("examples/loadbalancer.yaml"));
    }

    private static FlowResult flow(RunResult r, String name) {
        return r.flows().stream().filter(f -> f.traffic().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void allowedSourceIsDeliveredAndOtherSourceDroppedByKubeProxyFirewall() throws Exception {
        RunResult r = run(example());
        assertEquals(Outcome.DELIVERED, flow(r, "allowed-source").outcome());
        FlowResult other = flow(r, "other-source");
        assertEquals(Outcome.DROPPED, other.outcome());
        assertTrue(other.detail().contains("-A KUBE-PROXY-FIREWALL -m comment --comment \"shop/web traffic not accepted by"
                + " KUBE-FW-"), other.detail());
        String rules = r.network().namespace("node1").iptables();
        assertTrue(rules.contains("-m comment --comment \"shop/web loadbalancer IP\" -m tcp -p tcp -d 203.0.113.10"
                + " --dport 80 -j KUBE-FW-"), rules);
        assertTrue(rules.contains("-m comment --comment \"shop/web loadbalancer IP\" -s 172.18.0.96/28 -j KUBE-EXT-"), rules);
        assertTrue(rules.contains("-m comment --comment \"other traffic to shop/web will be dropped by KUBE-PROXY-FIREWALL\"\n"),
                rules);
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }

    @Test
    void withoutSourceRangesEverySourceIsDeliveredThroughKubeExt() throws Exception {
        RunResult r = run(example().replace("      loadBalancerSourceRanges: [172.18.0.96/28]\n", ""));
        assertEquals(Outcome.DELIVERED, flow(r, "allowed-source").outcome());
        assertEquals(Outcome.DELIVERED, flow(r, "other-source").outcome());
        String rules = r.network().namespace("node1").iptables();
        assertFalse(rules.contains("KUBE-FW-"), rules);
        assertTrue(rules.contains("-d 203.0.113.10 --dport 80 -j KUBE-EXT-"), rules);
    }

    @Test
    void localPolicyDropsAtANodeWithoutEndpointAndAllocateFalseLeavesNoNodePort() throws Exception {
        RunResult r = run(example().replace("      loadBalancerSourceRanges: [172.18.0.96/28]\n",
                "      externalTrafficPolicy: Local\n      allocateLoadBalancerNodePorts: false\n")
                .replace("          nodePort: 30080\n", ""));
        // The network hands the ingress IP to node1, which has no local endpoint.
        FlowResult f = flow(r, "other-source");
        assertEquals(Outcome.DROPPED, f.outcome());
        assertTrue(f.detail().contains("\"shop/web has no local endpoints\" -m tcp -p tcp -d 203.0.113.10 --dport 80 -j DROP"),
                f.detail());
        String rules = r.network().namespace("node1").iptables();
        assertFalse(rules.contains("-A KUBE-NODEPORTS -m comment --comment shop/web "), rules);
    }
}
