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
        assertEquals("not supported yet", runs.get(1).status(), runs.get(1).why()); // until the IPVS renderer lands
        Map<String, ModeAgreement.ItemFacts> f = runs.get(0).items();
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
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 3, "web-2", 1), "10.0.0.1", "kept")));
        ModeAgreement.ModeRun b = new ModeAgreement.ModeRun("ipvs", "ok", "", Map.of("x",
                new ModeAgreement.ItemFacts("delivered", Map.of("web-1", 2, "web-2", 2), "10.0.0.1", "kept")));
        String t = ModeAgreement.render("f.yaml", List.of(a, b));
        assertTrue(t.contains("  served by         iptables  web-1 x3, web-2 x1\n"), t);
        assertTrue(t.contains("  served by         ipvs      web-1 x2, web-2 x2\n"), t);
        assertTrue(t.contains("  agree: no (served by)\n"), t);
        String same = ModeAgreement.render("f.yaml", List.of(a, new ModeAgreement.ModeRun("nftables", "ok", "",
                a.items())));
        assertTrue(same.contains("  agree: yes\n"), same);
    }
}
