package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podnet rules walk} on an iptables-save shaped as a kube-proxy (iptables mode, 1.30: nfacct
 * counter on the INVALID drop, MASQUERADE --random-fully, the KUBE-KUBELET-CANARY/KUBE-PROXY-CANARY
 * chains) plus Flannel (FLANNEL-FWD, FLANNEL-POSTRTG) node writes. The expected path is kube-proxy's
 * own design for a ClusterIP (KUBE-SERVICES matches the ClusterIP and port, jumps to KUBE-SVC, which
 * picks a KUBE-SEP by -m statistic, whose DNAT gives the endpoint) and Flannel's (pod-to-pod traffic
 * is accepted by FLANNEL-FWD and not masqueraded); the line numbers are looked up in the file itself.
 */
class RulesWalkCommandTest {
    static final Path NODE = Path.of("src/test/resources/import/node2-kube-proxy-flannel.iptables-save");
    static final String PACKET = "tcp 10.244.1.5:40000 > 10.101.7.3:8080";

    @TempDir
    Path tmp;

    static int lineOf(String ruleText) throws IOException {
        List<String> lines = Files.readAllLines(NODE);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(ruleText)) {
                return i + 1;
            }
        }
        throw new AssertionError("not in the file: " + ruleText);
    }

    static void assertInOrder(String out, String... parts) {
        int at = 0;
        for (String p : parts) {
            int i = out.indexOf(p, at);
            assertTrue(i >= 0, "missing (in order) '" + p + "' in:\n" + out);
            at = i + p.length();
        }
    }

    @Test
    void clusterIpPathWithDnatLineNumbersVerdictAndPacketAfterNat() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("rules", "walk", "--iptables-save", NODE.toString(), "--packet", PACKET,
                "--in", "cni0", "--out", "flannel.1", "--local", "192.168.56.11,10.244.1.0");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        String svc = "-A KUBE-SERVICES -d 10.101.7.3/32 -p tcp -m comment --comment \"importspace/import:http cluster IP\""
                + " -m tcp --dport 8080 -j KUBE-SVC-Q3WZQ7PIJ7YAJQ3B";
        Matcher dnat = Pattern.compile("  line +(\\d+)  MATCH nat/(KUBE-SEP-\\w+) #2  .*--to-destination (\\S+)\\n")
                .matcher(out);
        assertTrue(dnat.find(), out);
        String backend = dnat.group(3);
        assertTrue(List.of("10.244.1.7:8080", "10.244.2.9:8080").contains(backend), backend);
        assertEquals(lineOf("-A " + dnat.group(2) + " -p tcp -m comment --comment \"importspace/import:http\" -m tcp -j"
                + " DNAT --to-destination " + backend), Integer.parseInt(dnat.group(1)));
        assertInOrder(out,
                "hooks: PREROUTING -> FORWARD -> POSTROUTING",
                "line " + String.format("%3d", lineOf("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j"
                        + " KUBE-SERVICES"))
                        + "  MATCH nat/PREROUTING #1",
                "line " + String.format("%3d", lineOf(svc)) + "  MATCH nat/KUBE-SERVICES #4  " + svc,
                "MATCH nat/KUBE-SVC-Q3WZQ7PIJ7YAJQ3B",
                "MATCH nat/" + dnat.group(2) + " #2",
                "=> DNAT: destination 10.101.7.3:8080 -> " + backend,
                "MATCH filter/FLANNEL-FWD #1",
                "MATCH nat/KUBE-POSTROUTING #1",
                "MATCH nat/FLANNEL-POSTRTG #2",
                "path of matched rules:",
                "  nat: PREROUTING -> KUBE-SERVICES -> KUBE-SVC-Q3WZQ7PIJ7YAJQ3B -> " + dnat.group(2),
                "verdict: ACCEPT",
                "packet after NAT: tcp 10.244.1.5:40000 > " + backend + "\n",
                "guesses (1; line:column in " + NODE + "):");
        String draw = "-A KUBE-SVC-Q3WZQ7PIJ7YAJQ3B -m comment --comment \"importspace/import:http -> 10.244.1.7:8080\""
                + " -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-XNGHH7LY5WHAZMBM";
        assertTrue(out.contains("  " + lineOf(draw) + ":" + (draw.indexOf("statistic") + 1) + " -m statistic --mode random"),
                out);
        assertTrue(!out.contains("raw/"), "the file has no raw table: " + out);
        assertEquals(out, CliTestSupport.run("rules", "walk", "--iptables-save", NODE.toString(), "--packet", PACKET,
                "--in", "cni0", "--out", "flannel.1", "--local", "192.168.56.11,10.244.1.0").out(), "deterministic");
    }

    @Test
    void establishedPacketSkipsTheNatTableAndFollowsTheBinding() {
        CliTestSupport.Result r = CliTestSupport.run("rules", "walk", "--iptables-save", NODE.toString(), "--packet", PACKET,
                "--in", "cni0", "--out", "flannel.1", "--ct", "established");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("nat/KUBE-SERVICES"), "nat is consulted for a connection's first packet only:\n"
                + r.out());
        assertTrue(r.out().contains("MATCH filter/KUBE-FORWARD #3"), "RELATED,ESTABLISHED accepted:\n" + r.out());
        assertTrue(r.out().matches("(?s).*packet after NAT: tcp 10\\.244\\.1\\.5:40000 > 10\\.244\\.(1\\.7|2\\.9):8080\n.*"),
                r.out());
    }

    @Test
    void setRulesAreGuessesWithoutIpsetAndDecidedWithIt() throws IOException {
        Path rules = tmp.resolve("calico.iptables-save");
        Files.writeString(rules, """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A FORWARD -m set --match-set cali40all-ipam-pools src -m physdev ! --physdev-is-bridged -j ACCEPT
                -A FORWARD -j DROP
                COMMIT
                """);
        Path sets = tmp.resolve("ipset.save");
        Files.writeString(sets, "create cali40all-ipam-pools hash:net family inet hashsize 1024 maxelem 1048576\n"
                + "add cali40all-ipam-pools 192.168.0.0/16\n");
        CliTestSupport.Result blind = CliTestSupport.run("rules", "walk", "--iptables-save", rules.toString(), "--packet",
                "tcp 192.168.1.4:5000 > 192.168.2.5:80");
        assertEquals(0, blind.exit(), blind.err());
        assertInOrder(blind.out(), "verdict: DROP", "guesses (1;", "5:31 -m set --match-set cali40all-ipam-pools");
        CliTestSupport.Result known = CliTestSupport.run("rules", "walk", "--iptables-save", rules.toString(), "--packet",
                "tcp 192.168.1.4:5000 > 192.168.2.5:80", "--ipset", sets.toString());
        assertEquals(0, known.exit(), known.err());
        assertInOrder(known.out(), "verdict: ACCEPT", "guesses (1;", "5:59 -m physdev");
    }

    @Test
    void badInputIsExit2WithFileLineColumn() throws IOException {
        Path bad = tmp.resolve("bad.iptables-save");
        Files.writeString(bad, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m frobnicate -j DROP\nCOMMIT\n");
        CliTestSupport.Result r = CliTestSupport.run("rules", "walk", "--iptables-save", bad.toString(), "--packet", PACKET);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + ":3:13: unknown match 'frobnicate'"), r.err());
        CliTestSupport.Result p = CliTestSupport.run("rules", "walk", "--iptables-save", NODE.toString(), "--packet",
                "tcp 10.0.0.1 > 10.0.0.2");
        assertEquals(2, p.exit());
        assertTrue(p.err().contains("expected 'tcp SRC:PORT > DST:PORT'"), p.err());
        assertEquals(2, CliTestSupport.run("rules", "walk", "--iptables-save", tmp.resolve("none").toString(), "--packet",
                PACKET).exit());
    }
}
