package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** End-to-end runs of examples/network-policy.yaml and examples/dns.yaml, and variations of them. */
class PolicyAndDnsExamplesTest {
    static final Path POLICY = Path.of("examples/network-policy.yaml");
    static final Path DNS = Path.of("examples/dns.yaml");

    static RunResult run(String text, Diagnostics diags) throws Exception {
        Scenario s = ScenarioLoader.parse(text, "s.yaml", Path.of("examples"), diags);
        return ScenarioRunner.run(s);
    }

    static FlowResult flow(RunResult r, String traffic) {
        return r.flows().stream().filter(f -> f.traffic().equals(traffic)).findFirst().orElseThrow();
    }

    @Test
    void networkPolicyExampleDeliversFrontendAndDropsIntruder() throws Exception {
        LoadedScenario loaded = Podnet.load(POLICY);
        assertEquals(List.of(), loaded.warnings());
        RunResult r = Podnet.run(loaded, null);
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        assertEquals(Outcome.DELIVERED, flow(r, "frontend-calls-backend").outcome());
        FlowResult dropped = flow(r, "intruder-calls-backend");
        assertEquals(Outcome.DROPPED, dropped.outcome());
        assertTrue(dropped.detail().contains("dropped at node2/flannel.1")
                && dropped.detail().contains("networkpolicy/prod/deny-all"), dropped.detail());
    }

    @Test
    void droppedByGlobsMatchThePolicyNames() throws Exception {
        for (String glob : List.of("networkpolicy/prod/*", "networkpolicy/*/allow-*", "*deny-all*")) {
            String text = Files.readString(POLICY).replace("droppedBy: networkpolicy/prod/deny-all",
                    "droppedBy: '" + glob + "'");
            RunResult r = run(text, new Diagnostics());
            assertTrue(Podnet.check(r).isEmpty(), glob + ": " + Podnet.check(r));
        }
        String text = Files.readString(POLICY).replace("droppedBy: networkpolicy/prod/deny-all",
                "droppedBy: 'networkpolicy/staging/*'");
        assertEquals(1, Podnet.check(run(text, new Diagnostics())).size());
    }

    /** kube-proxy reloads the node rules after a pod deletion; the policy rules are rendered again with them. */
    @Test
    void policiesSurviveARuleReloadAfterAnEvent() throws Exception {
        String text = Files.readString(POLICY).replace("expect:\n",
                "events:\n  - {at: 500us, delete: pod/prod/frontend, after: 0ms}\nexpect:\n");
        RunResult r = run(text, new Diagnostics());
        assertTrue(r.trace().stream().anyMatch(e -> e.explanation().contains("kube-proxy reloads the rules of")),
                "no reload happened");
        assertEquals(Outcome.DROPPED, flow(r, "intruder-calls-backend").outcome());
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
    }

    @Test
    void plainFlannelIgnoresPoliciesWithAWarning() throws Exception {
        String text = Files.readString(POLICY).replace("  networkPolicy: {enforcement: calico}\n", "");
        Diagnostics diags = new Diagnostics();
        RunResult r = run(text, diags);
        List<Diagnostic> w = diags.warnings();
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).render().contains("NetworkPolicy prod/deny-all is not enforced: Flannel has no policy agent"),
                w.get(0).render());
        assertEquals(Outcome.DELIVERED, flow(r, "intruder-calls-backend").outcome());
    }

    @Test
    void dnsExampleResolvesThroughTheSearchPathAndCoreDns() throws Exception {
        RunResult r = Podnet.run(Podnet.load(DNS), null);
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        assertEquals("10.96.0.11", r.cluster().service("kube-system", "kube-dns").clusterIp().toString(),
                "my-app claims kubeadm's 10.96.0.10");
        FlowResult ok = flow(r, "frontend-calls-my-app-by-name");
        assertEquals("backend-fghij", ok.servedBy());
        assertEquals("frontend-abcde/eth0", ok.path().get(0), "the path is the request's, not the DNS query's");
        List<String> notes = r.trace().stream().filter(e -> e.kind() == EventKind.NOTE
                && "frontend-calls-my-app-by-name/dns".equals(e.flow())).map(TraceEvent::explanation).toList();
        assertTrue(notes.get(0).endsWith("> 10.96.0.11:53: query 0x47d2 A my-app.default.svc.cluster.local"), notes.get(0));
        assertTrue(notes.stream().anyMatch(n -> n.equals("resolver: my-app is my-app.default.svc.cluster.local [10.96.0.10]")),
                notes.toString());
        // The query went through kube-proxy's DNAT to a CoreDNS pod.
        assertTrue(r.trace().stream().anyMatch(e -> "frontend-calls-my-app-by-name/dns".equals(e.flow())
                && e.decision() instanceof io.podnet.sim.trace.Decision.Nat), "no NAT event for the DNS query");
        FlowResult nx = flow(r, "frontend-calls-a-missing-name");
        assertEquals(Outcome.REFUSED, nx.outcome());
        assertTrue(nx.detail().contains("NXDOMAIN: no-such-app does not exist (tried no-such-app.default.svc.cluster.local"
                + " NXDOMAIN, no-such-app.svc.cluster.local NXDOMAIN, no-such-app.cluster.local NXDOMAIN, no-such-app NXDOMAIN)"),
                nx.detail());
    }

    @Test
    void egressPolicyWithoutDnsDropsTheLookupAndNamesThePolicy() throws Exception {
        String text = Files.readString(DNS)
                .replace("  dns: {domain: cluster.local, replicas: 2}\n",
                        "  dns: {domain: cluster.local, replicas: 2}\n  networkPolicy: {enforcement: calico}\n")
                .replace("resources:\n", "resources:\n"
                        + "  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: no-egress}\n"
                        + "    spec:\n      podSelector: {matchLabels: {app: frontend}}\n      policyTypes: [Egress]\n"
                        + "      egress:\n        - to: [{podSelector: {matchLabels: {app: my-app}}}]\n")
                .replace("    outcome: delivered\n    servedBy: pod/backend-*\n    encapsulation: vxlan\n",
                        "    outcome: dropped\n    droppedBy: networkpolicy/default/no-egress\n")
                .replace("    outcome: refused\n", "    outcome: dropped\n");
        RunResult r = run(text, new Diagnostics());
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        FlowResult f = flow(r, "frontend-calls-my-app-by-name");
        assertTrue(f.detail().startsWith("DNS lookup of my-app dropped at "), f.detail());
        assertTrue(f.detail().contains("no policy selecting default/frontend-abcde allows egress"), f.detail());
    }

    /**
     * ExternalName Services answered as CoreDNS answers them (a CNAME; for a target in the zone the
     * target's A record after it, plugin/backend_lookup.go) and used as glibc uses the answer: the
     * client follows the CNAME to my-app's ClusterIP and is served by my-app's pod, with no proxy
     * rule for the alias; a CNAME to a name outside the cluster ends the lookup without an address
     * (no upstream DNS is simulated), as glibc ends it on an answer without an A record.
     */
    @Test
    void externalNameServicesAreCnamesTheResolverFollows() throws Exception {
        String aliases = """
                  - apiVersion: v1
                    kind: Service
                    metadata:
                      name: my-app-alias
                    spec:
                      type: ExternalName
                      externalName: my-app.default.svc.cluster.local
                  - apiVersion: v1
                    kind: Service
                    metadata:
                      name: external-db
                    spec:
                      type: ExternalName
                      externalName: db.example.com
                traffic:
                  - name: via-alias
                    from: pod/frontend-abcde
                    to: dns/my-app-alias:80
                    protocol: http
                    at: 10ms
                  - name: via-external-alias
                    from: pod/frontend-abcde
                    to: dns/external-db:5432
                    protocol: tcp
                    at: 20ms
                """;
        String text = Files.readString(DNS).replace("traffic:\n", aliases);
        RunResult r = run(text, new Diagnostics());
        FlowResult via = flow(r, "via-alias");
        assertEquals(Outcome.DELIVERED, via.outcome(), via.detail());
        assertTrue(via.servedBy().startsWith("backend-"), via.servedBy());
        boolean cname = false;
        for (TraceEvent e : r.trace()) {
            if (e.kind() == EventKind.NOTE && e.explanation().contains("CNAME my-app.default.svc.cluster.local.")
                    && e.explanation().contains("my-app-alias.default.svc.cluster.local. 5 IN CNAME")) {
                cname = true;
            }
        }
        assertTrue(cname, "CoreDNS's answer carries the CNAME");
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == EventKind.NOTE
                && e.explanation().contains("resolver: my-app-alias is my-app-alias.default.svc.cluster.local"
                + " (CNAME my-app.default.svc.cluster.local) [10.96.0.10]")), "the resolver followed the CNAME");
        // no kube-proxy rule names the alias
        String rules = r.network().namespace("node1").iptables();
        assertTrue(!rules.contains("my-app-alias") && !rules.contains("external-db"), rules);

        FlowResult ext = flow(r, "via-external-alias");
        assertEquals(Outcome.REFUSED, ext.outcome(), ext.detail());
        assertTrue(ext.detail().contains("external-db.default.svc.cluster.local is an alias for db.example.com"),
                ext.detail());
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());

        ScenarioException bad = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> run(text.replace("externalName: db.example.com", "externalName: 'DB Example'"), new Diagnostics()));
        assertTrue(bad.getMessage().contains("s.yaml:") && bad.getMessage().contains("not a lowercase DNS name"),
                bad.getMessage());
    }
}
