package io.podnet.reports.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kube-proxy mode agreement of {@code podnet compare --kube-proxy}. The facts checked come
 * from kube-proxy's semantics: externalTrafficPolicy Local keeps the client address and port
 * (no SNAT), a node's traffic to a ClusterIP is masqueraded with --random-fully (address and port
 * rewritten).
 */
class ModeAgreementTest {
    private static final Path EXAMPLE = Path.of("../scenarios/examples/external-traffic.yaml");

    @Test
    void iptablesFactsOfTheExternalTrafficExample() throws Exception {
        LoadedScenario s = Podnet.load(EXAMPLE);
        List<ModeAgreement.ModeRun> runs = ModeAgreement.run(s, List.of("iptables", "ipvs"), null);
        assertEquals("ok", runs.get(0).status());
        assertEquals("ok", runs.get(1).status(), runs.get(1).why());
        Map<String, ModeAgreement.ItemFacts> f = runs.get(0).items();
        Map<String, ModeAgreement.ItemFacts> ipvs = runs.get(1).items();
        // externalTrafficPolicy: Local in IPVS mode: no virtual server answers for a node without a
        // local endpoint, and the client address reaches the pod through a node with one.
        assertEquals("dropped", ipvs.get("client-via-node1").outcome());
        assertEquals("delivered", ipvs.get("client-via-node2").outcome());
        assertEquals("172.18.0.100", ipvs.get("client-via-node2").sources());
        assertEquals("dropped", f.get("client-via-node1").outcome());
        assertEquals(new ModeAgreement.ItemFacts("delivered", Map.of("web-fghij", 1), "172.18.0.100", "kept"),
                f.get("client-via-node2"));
        assertEquals("10.244.1.0", f.get("node1-calls-clusterip").sources());
        assertEquals("rewritten", f.get("node1-calls-clusterip").sourcePorts());
        assertTrue(ModeAgreement.noneFailed(runs));
    }

    @Test
    void disagreementNamesTheFieldsThatDiffer() {
        ModeAgreement.ModeRun a = new ModeAgreement.ModeRun("iptables", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 20), "10.0.0.1", "kept")));
        ModeAgreement.ModeRun b = new ModeAgreement.ModeRun("ipvs", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-2", 20), "10.0.0.2", "kept")));
        String t = ModeAgreement.render("f.yaml", List.of(a, b));
        assertTrue(t.contains("  served by         iptables  web-1 x20\n"), t);
        assertTrue(t.contains("  served by         ipvs      web-2 x20\n"), t);
        assertTrue(t.contains("  agree: no (served by, source at server)\n"), t);
        String same = ModeAgreement.render("f.yaml", List.of(a, new ModeAgreement.ModeRun("nftables", "ok", "",
                a.items())));
        assertTrue(same.contains("  agree: yes\n"), same);
        assertTrue(same.contains("known upstream differences") && same.contains("127.0.0.1"), same);
    }

    /**
     * Endpoint counts that differ only as independent uniform draws do agree: Pearson's χ² test of
     * homogeneity on {{3,1},{2,2}} gives χ² = 0.533 with 1 degree of freedom, p = 0.465 (the
     * textbook value of the χ² distribution), so it cannot tell the modes apart; {{20,0},{0,20}} gives
     * χ² = 40, p &lt; 1e-9.
     */
    @Test
    void endpointCountsAgreeWhenAChiSquareTestCannotTellThemApart() {
        ModeAgreement.ModeRun a = new ModeAgreement.ModeRun("iptables", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 3, "web-2", 1), "10.0.0.1", "kept")));
        ModeAgreement.ModeRun b = new ModeAgreement.ModeRun("nftables", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 2, "web-2", 2), "10.0.0.1", "kept")));
        assertEquals(0.4652, ModeAgreement.homogeneity(List.of(a, b), "x"), 1e-4);
        ModeAgreement.ItemAgreement item = ModeAgreement.agreement(List.of(a, b)).get(0);
        assertTrue(item.agree());
        assertTrue(item.fields().get(1).note().contains("p=0.465"), item.fields().get(1).note());
        String t = ModeAgreement.render("f.yaml", List.of(a, b));
        assertTrue(t.contains("  agree: yes (served by: counts differ as independent random choices do"), t);
    }

    @Test
    void jsonAndHtmlCarryThePerFlowAgreement() throws Exception {
        ModeAgreement.ModeRun a = new ModeAgreement.ModeRun("iptables", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 20), "10.0.0.1", "kept")));
        ModeAgreement.ModeRun b = new ModeAgreement.ModeRun("nftables", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 20), "10.0.0.1", "rewritten")));
        ModeAgreement.ModeRun c = new ModeAgreement.ModeRun("ipvs", "not supported yet", "ipvs: not modelled", Map.of());
        String json = ModeAgreementReport.json("f.yaml", 42L, List.of(a, b, c));
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals("podnet-compare-modes/1", root.get("format").asText());
        assertEquals("not supported yet", root.get("modes").get(2).get("status").asText());
        com.fasterxml.jackson.databind.JsonNode flow = root.get("flows").get(0);
        assertEquals("x", flow.get("traffic").asText());
        assertEquals(false, flow.get("agree").asBoolean());
        assertEquals("sourcePorts", flow.get("differing").get(0).asText());
        assertEquals("rewritten", flow.get("fields").get("sourcePorts").get("byMode").get("nftables").asText());
        assertEquals(20, flow.get("fields").get("endpoints").get("countsByMode").get("iptables").get("web-1").asInt());
        assertEquals(true, flow.get("fields").get("snat").get("agree").asBoolean());
        assertTrue(root.get("knownDifferences").size() >= 4);
        assertEquals(json, ModeAgreementReport.json("f.yaml", 42L, List.of(a, b, c)), "the same bytes every time");
        String html = ModeAgreementReport.html("f.yaml", List.of(a, b, c));
        assertTrue(html.contains("differ: source port") && html.contains("<td>rewritten</td>")
                && html.contains("Known upstream differences"), html);
    }
}
