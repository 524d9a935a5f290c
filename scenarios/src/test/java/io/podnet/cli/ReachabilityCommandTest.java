package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.reachability.TruthTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podnet reachability} in-process on examples/netpol-3x3.yaml. The expected matrix is upstream's
 * for the policy the example holds ("should enforce policy based on PodSelector and NamespaceSelector"):
 * {@code NewReachability(pods, true); ExpectAllIngress(x/a, false); Expect(y/b, x/a, true);
 * Expect(z/b, x/a, true)}, loopback ignored as upstream ignores it.
 */
class ReachabilityCommandTest {
    static final String EXAMPLE = "examples/netpol-3x3.yaml";
    static final List<String> PODS = List.of("x/a", "x/b", "x/c", "y/a", "y/b", "y/c", "z/a", "z/b", "z/c");
    static Run plain;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PodnetCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    static TruthTable upstreamExpectation() {
        TruthTable t = new TruthTable(PODS, true);
        t.setAllTo("x/a", false);
        t.set("y/b", "x/a", true);
        t.set("z/b", "x/a", true);
        return t;
    }

    @BeforeAll
    static void once() {
        plain = run("reachability", EXAMPLE, "--explain", "x/b", "x/a");
    }

    @Test
    void printsUpstreamsMatrixComputedFromPackets() throws Exception {
        assertEquals(0, plain.status(), plain.err());
        String table = plain.out().substring(0, plain.out().indexOf("\n\n"));
        assertTrue(table.startsWith("-\tx/a\tx/b\tx/c\ty/a\ty/b\ty/c\tz/a\tz/b\tz/c\n"), table);
        TruthTable observed = TruthTable.parse(table);
        assertEquals(List.of(), upstreamExpectation().differences(observed, true));
        // Round trip of the printed layout.
        assertEquals(table, observed.prettyPrint(""));
    }

    @Test
    void explainNamesThePolicyThatIsolatesAndWhatWasMissing() {
        String out = plain.out();
        assertTrue(out.contains("x/b -> x/a (tcp/80): blocked"), out);
        assertTrue(out.contains("ingress of x/a: dropped: no policy selecting x/a allows ingress from x/b (isolated by"
                + " networkpolicy/x/allow-ns-y-podselector-and-nsselector)"), out);
        assertTrue(out.contains("egress of x/b: not isolated: no NetworkPolicy selects x/b for egress"), out);
    }

    @Test
    void explainOfAnAllowedCellNamesPolicyRulePeerAndPort() {
        Run r = run("reachability", EXAMPLE, "--explain", "z/b", "x/a");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("z/b -> x/a (tcp/80): allowed"), r.out());
        assertTrue(r.out().contains("ingress of x/a: allowed by networkpolicy/x/allow-ns-y-podselector-and-nsselector"
                + " ingress[0] from[0] pod z/b any port"), r.out());
    }

    @Test
    void expectExitsOneNamingEachWrongCell(@TempDir Path dir) throws Exception {
        TruthTable right = upstreamExpectation();
        right.set("x/a", "x/a", true); // loopback: what the cluster does (upstream ignores it)
        Path ok = dir.resolve("ok.txt");
        Files.writeString(ok, right.prettyPrint("") + "\n");
        Run good = run("reachability", EXAMPLE, "--expect", ok.toString());
        assertEquals(0, good.status(), good.err());

        TruthTable wrong = upstreamExpectation();
        wrong.set("x/a", "x/a", true);
        wrong.set("x/c", "x/a", true);   // really blocked
        wrong.set("y/a", "z/c", false);  // really allowed
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, wrong.prettyPrint(""));
        Run r = run("reachability", EXAMPLE, "--expect", bad.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(bad + ": x/c -> x/a: expected allowed (.), observed blocked (X)"), r.err());
        assertTrue(r.err().contains(bad + ": y/a -> z/c: expected blocked (X), observed allowed (.)"), r.err());
        assertTrue(r.err().contains("2 cells differ from " + bad), r.err());
    }

    @Test
    void badInputExitsTwoWithALocation(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "-\tx/a\tx/b\nx/a\t.\tY\nx/b\t.\t.\n");
        Run r = run("reachability", EXAMPLE, "--expect", bad.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(bad + ":2:7: cell 'Y' (x/a -> x/b); expected '.' (allowed), 'X' (blocked) or '?'"),
                r.err());
        assertEquals(2, run("reachability", EXAMPLE, "--port", "70000").status());
        assertEquals(2, run("reachability", EXAMPLE, "--protocol", "icmp").status());
        Run pod = run("reachability", EXAMPLE, "--explain", "x/a", "q/q");
        assertEquals(2, pod.status());
        assertTrue(pod.err().contains("--explain: no pod q/q"), pod.err());
        Run cap = run("reachability", EXAMPLE, "--max-attempts", "80");
        assertEquals(2, cap.status(), cap.err());
        assertTrue(cap.err().contains("the cluster has 9 pods, so 81 attempts, more than the cap of 80; raise it with"
                + " --max-attempts"), cap.err());
        Run missing = run("reachability", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.status(), missing.err());
    }
}
