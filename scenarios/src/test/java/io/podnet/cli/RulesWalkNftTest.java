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
 * {@code podnet rules walk --nft} on what {@code nft list ruleset} prints for a node whose kube-proxy
 * runs in nftables mode ({@code src/test/resources/import/node2-kube-proxy.nft-list-ruleset}: the
 * {@code ip kube-proxy} table in the kernel's listing layout — tabs, {@code priority dstnat - 10},
 * {@code meta mark set meta mark | 0x00004000}, elements over several lines — with the chains and
 * maps kube-proxy's nftables proxier writes, pkg/proxy/nftables/proxier.go). The expected path is
 * that proxier's design for a ClusterIP: {@code nat-prerouting} (hook prerouting, priority dstnat)
 * jumps to {@code services}, whose {@code @service-ips} verdict map sends the ClusterIP, protocol and
 * port to the service chain, whose {@code numgen random} map picks an endpoint chain, whose
 * {@code dnat to} gives the endpoint; {@code filter-prerouting-pre-dnat} (dstnat - 10) runs before
 * it. Line numbers are looked up in the file itself.
 */
class RulesWalkNftTest {
    static final Path NODE = Path.of("src/test/resources/import/node2-kube-proxy.nft-list-ruleset");
    static final String PACKET = "tcp 10.244.2.5:40000 > 10.101.7.3:8080";

    @TempDir
    Path tmp;

    static int lineOf(String text) throws IOException {
        return lineOf(text, 0);
    }

    /** The first line holding {@code text} after line {@code after} (1-based). */
    static int lineOf(String text, int after) throws IOException {
        List<String> lines = Files.readAllLines(NODE);
        for (int i = after; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("not in the file: " + text);
    }

    /** A line number as the walk prints it: right-aligned to the widest printed (the file has 158 lines). */
    static String w(int line) {
        return String.format("%3d", line);
    }

    @Test
    void clusterIpPathThroughKubeProxysNftTableWithLinesDnatAndTheDrawNamed() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("rules", "walk", "--nft", NODE.toString(), "--packet", PACKET,
                "--in", "cni0", "--out", "flannel.1", "--local", "192.168.56.11,10.244.2.1");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        int pre = lineOf("ct state new jump firewall-check");
        int natPre = lineOf("jump services", lineOf("chain nat-prerouting {"));
        int services = lineOf("ip daddr . meta l4proto . th dport vmap @service-ips");
        Matcher draw = Pattern.compile("  line +(\\d+)  MATCH nft ip kube-proxy/service-Q3WZQ7PI-importspace/import/tcp/http"
                + " handle \\d+  numgen random mod 2 vmap").matcher(out);
        assertTrue(draw.find(), out);
        Matcher dnat = Pattern.compile("  line +(\\d+)  MATCH nft ip kube-proxy/(endpoint-\\S+) handle \\d+  meta l4proto tcp"
                + " dnat to (\\S+)\\n").matcher(out);
        assertTrue(dnat.find(), out);
        String endpoint = dnat.group(3);
        assertTrue(List.of("10.244.1.7:8080", "10.244.2.9:8080").contains(endpoint), endpoint);
        assertEquals(lineOf("meta l4proto tcp dnat to " + endpoint), Integer.parseInt(dnat.group(1)));
        RulesWalkCommandTest.assertInOrder(out,
                "hooks: PREROUTING -> FORWARD -> POSTROUTING",
                "  line " + w(pre) + "  MATCH nft ip kube-proxy/filter-prerouting-pre-dnat",
                "  line " + w(natPre) + "  MATCH nft ip kube-proxy/nat-prerouting",
                "  line " + w(services) + "  MATCH nft ip kube-proxy/services",
                "@service-ips element '10.101.7.3 . tcp . 8080 : goto service-Q3WZQ7PI-importspace/import/tcp/http'",
                "  line " + w(Integer.parseInt(draw.group(1))) + "  MATCH",
                "  line " + w(Integer.parseInt(dnat.group(1))) + "  MATCH",
                "=> DNAT: destination 10.101.7.3:8080 -> " + endpoint,
                "path of matched rules:",
                "  nft ip kube-proxy: nat-prerouting -> services -> service-Q3WZQ7PI-importspace/import/tcp/http -> "
                        + dnat.group(2),
                "verdict: ACCEPT",
                "packet after NAT: tcp 10.244.2.5:40000 > " + endpoint,
                "guesses (1; line:column in " + NODE + "):",
                "  " + draw.group(1) + ":3 numgen random: a random draw (seeded) chose the endpoint");
        // A pod's own traffic is not masqueraded: the service chain's first rule does not match.
        int markRule = lineOf("ip daddr 10.101.7.3 ip saddr != 10.244.0.0/16 jump mark-for-masquerade");
        assertTrue(out.contains("  line " + w(markRule) + "  -     nft ip kube-proxy/service-Q3WZQ7PI"), out);
    }

    @Test
    void anUnallocatedClusterIpIsDroppedByClusterIpsCheck() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("rules", "walk", "--nft", NODE.toString(), "--packet",
                "tcp 10.244.2.5:40000 > 10.96.7.7:80", "--in", "cni0", "--out", "flannel.1", "--local", "192.168.56.11");
        assertEquals(0, r.exit(), r.err());
        int drop = lineOf("ip daddr 10.96.0.0/12 drop comment \"Drop traffic to unallocated ClusterIPs\"");
        RulesWalkCommandTest.assertInOrder(r.out(), "  line " + w(drop) + "  MATCH nft ip kube-proxy/cluster-ips-check",
                "verdict: DROP", "packet after NAT: tcp 10.244.2.5:40000 > 10.96.7.7:80 (unchanged)");
    }

    @Test
    void unreadableNftTextNamesItsLineAndNoRulesIsAUsageError() throws IOException {
        Path bad = tmp.resolve("bad.nft");
        Files.writeString(bad, "table ip kube-proxy {\n\tchain services {\n\t\tip daddr frobnicate 7\n\t}\n}\n");
        CliTestSupport.Result r = CliTestSupport.run("rules", "walk", "--nft", bad.toString(), "--packet", PACKET);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(bad + ":3: "), r.err());
        CliTestSupport.Result none = CliTestSupport.run("rules", "walk", "--packet", PACKET);
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--iptables-save FILE"), none.err());
    }
}
