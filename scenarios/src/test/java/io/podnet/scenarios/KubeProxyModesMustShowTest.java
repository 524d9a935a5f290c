package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The must-show checks in both kube-proxy modes, each drop attributed to the rule upstream
 * writes:
 *
 * <ul>
 *   <li>{@code loadBalancerSourceRanges} (examples/loadbalancer.yaml): iptables mode
 *   ({@code pkg/proxy/iptables/proxier.go}, TestOverallIPTablesRules svc5) lets an allowed source
 *   through {@code KUBE-FW-} to {@code KUBE-EXT-}; any other falls through and
 *   {@code KUBE-PROXY-FIREWALL} drops it ("traffic not accepted by KUBE-FW-..."). nftables mode
 *   ({@code pkg/proxy/nftables/proxier.go}, TestOverallNFTablesRules svc5) looks the destination up
 *   in {@code firewall-ips} from {@code filter-prerouting-pre-dnat} (priority -110, before DNAT) and
 *   the Service's {@code firewall-} chain drops every source outside the ranges with
 *   {@code ip saddr != { RANGES } drop}.</li>
 *   <li>{@code externalTrafficPolicy: Local} (examples/external-traffic.yaml): a node without a local
 *   endpoint drops external traffic to the NodePort (iptables: a KUBE-EXTERNAL-SERVICES DROP "has no
 *   local endpoints"; nftables: the {@code no-endpoint-nodeports} element with verdict
 *   {@code drop}, looked up from {@code filter-input}); a node with one DNATs without marking for
 *   masquerade, so the pod sees the client's own address (the Kubernetes "source IP" docs).</li>
 * </ul>
 */
class KubeProxyModesMustShowTest {
    private static RunResult run(String example, String mode) throws Exception {
        return Podnet.run(Podnet.withKubeProxy(Podnet.load(Path.of("examples/" + example)), mode), null);
    }

    private static FlowResult flow(RunResult r, String name) {
        return r.flows().stream().filter(f -> f.traffic().equals(name)).findFirst().orElseThrow();
    }

    /** The source addresses of the packets of {@code flow} that namespace {@code pod} received. */
    private static Set<String> sourcesSeenBy(RunResult r, String flow, String pod) {
        Set<String> out = new LinkedHashSet<>();
        for (TraceEvent e : r.trace()) {
            io.podnet.sim.wire.Packet p = e.after() != null ? e.after() : e.before();
            if (flow.equals(e.flow()) && e.kind() == EventKind.RX && pod.equals(e.namespace())
                    && p != null && p.first(Ipv4Header.class) != null) {
                out.add(p.first(Ipv4Header.class).src().toString());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nftables"})
    void loadBalancerSourceRangesDeliverTheAllowedSourceAndDropTheOther(String mode) throws Exception {
        RunResult r = run("loadbalancer.yaml", mode);
        FlowResult allowed = flow(r, "allowed-source");
        assertEquals(Outcome.DELIVERED, allowed.outcome(), allowed.detail());
        assertEquals("web-fghij", allowed.servedBy());
        FlowResult other = flow(r, "other-source");
        assertEquals(Outcome.DROPPED, other.outcome(), other.detail());
        assertTrue(other.detail().startsWith("dropped at node1/"), other.detail());
        if (mode.equals("iptables")) {
            assertTrue(other.detail().contains("-A KUBE-PROXY-FIREWALL ")
                    && other.detail().contains("\"shop/web traffic not accepted by KUBE-FW-")
                    && other.detail().contains("-d 203.0.113.10 --dport 80") && other.detail().endsWith("-j DROP)"),
                    other.detail());
        } else {
            assertTrue(other.detail().contains("nft ip kube-proxy chain firewall-")
                    && other.detail().contains("-shop/web/tcp/")
                    && other.detail().endsWith(": ip saddr != { 172.18.0.96/28 } drop)"), other.detail());
            // reached through the firewall-ips element for the ingress IP, before DNAT
            boolean viaMap = false;
            for (TraceEvent e : r.trace()) {
                if ("other-source".equals(e.flow()) && e.kind() == EventKind.NETFILTER
                        && e.explanation().contains("chain firewall-check ")
                        && e.explanation().contains("@firewall-ips element '203.0.113.10 . tcp . 80 : goto firewall-")) {
                    viaMap = true;
                }
            }
            assertTrue(viaMap, "the drop is reached through @firewall-ips");
        }
        // the allowed source is masqueraded (externalTrafficPolicy Cluster): the pod never sees it
        assertTrue(!sourcesSeenBy(r, "allowed-source", "web-fghij").contains("172.18.0.100"));
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nftables"})
    void externalTrafficPolicyLocalDropsWithoutALocalEndpointAndKeepsTheClientAddressWithOne(String mode)
            throws Exception {
        RunResult r = run("external-traffic.yaml", mode);
        FlowResult via1 = flow(r, "client-via-node1");
        assertEquals(Outcome.DROPPED, via1.outcome(), via1.detail());
        assertTrue(via1.detail().startsWith("dropped at node1/"), via1.detail());
        if (mode.equals("iptables")) {
            assertTrue(via1.detail().contains("-A KUBE-EXTERNAL-SERVICES ")
                    && via1.detail().contains("\"default/web has no local endpoints\"")
                    && via1.detail().contains("--dport 30080 -j DROP"), via1.detail());
        } else {
            assertTrue(via1.detail().contains("nft ip kube-proxy chain nodeport-endpoints-check ")
                    && via1.detail().contains("vmap @no-endpoint-nodeports"), via1.detail());
            boolean element = false;
            for (TraceEvent e : r.trace()) {
                if ("client-via-node1".equals(e.flow()) && e.kind() == EventKind.NETFILTER
                        && e.explanation().contains("@no-endpoint-nodeports element 'tcp . 30080")
                        && e.explanation().endsWith("-> drop")) {
                    element = true;
                }
            }
            assertTrue(element, "the no-endpoint-nodeports element for 30080 drops it");
        }
        FlowResult via2 = flow(r, "client-via-node2");
        assertEquals(Outcome.DELIVERED, via2.outcome(), via2.detail());
        assertEquals("web-fghij", via2.servedBy());
        assertEquals(Set.of("172.18.0.100"), sourcesSeenBy(r, "client-via-node2", "web-fghij"));
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }

    @org.junit.jupiter.api.Test
    void anExpectationAboutOneModeIsCheckedOnlyInThatMode() throws Exception {
        io.podnet.scenarios.model.Scenario s = io.podnet.scenarios.load.ScenarioLoader.load(
                Path.of("examples/loadbalancer.yaml"), new io.podnet.scenarios.source.Diagnostics());
        assertEquals(4, s.allExpectations().size());
        assertEquals(java.util.List.of(0, 1, 2), s.expectations().stream().map(x -> x.index()).toList());
        assertEquals(java.util.List.of(0, 1, 3),
                s.withKubeProxyMode(io.podnet.topology.spec.KubeProxySpec.Mode.NFTABLES).expectations().stream().map(x -> x.index()).toList());
        String text = java.nio.file.Files.readString(Path.of("examples/loadbalancer.yaml"));
        io.podnet.scenarios.source.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.podnet.scenarios.source.ScenarioException.class, () -> io.podnet.scenarios.load.ScenarioLoader.parse(
                        text.replace("kubeProxy: nftables\n    droppedBy", "kubeProxy: nftable\n    droppedBy"), "x.yaml",
                        Path.of("examples"), new io.podnet.scenarios.source.Diagnostics()));
        assertTrue(e.getMessage().contains("x.yaml:") && e.getMessage().contains("nftables"), e.getMessage());
    }
}
