package io.podnet.sim.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.netfilter.Verdict;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on the table kube-proxy's nftables proxier writes (the base chains and maps of
 * upstream's {@code baseRules}, a two-endpoint ClusterIP Service and one without endpoints). The
 * expected outcomes are upstream's packet-flow expectations in {@code TestClusterIPGeneral} /
 * {@code TestNoEndpointsReject}: pod to ClusterIP is DNATed to an endpoint without masquerade,
 * hairpin traffic is masqueraded, a port the Service does not serve is rejected, an unallocated
 * ClusterIP is dropped, a Service without endpoints rejects.
 */
class NftEvaluatorTest {
    static final String TEXT = String.join("\n",
            "add table ip kube-proxy { comment \"rules for kube-proxy\" ; }",
            "add set ip kube-proxy cluster-ips { type ipv4_addr ; comment \"Active ClusterIPs\" ; }",
            "add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment \"IPs that accept NodePort traffic\" ; }",
            "add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; }",
            "add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }",
            "add chain ip kube-proxy cluster-ips-check",
            "add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }",
            "add chain ip kube-proxy mark-for-masquerade",
            "add chain ip kube-proxy masquerading",
            "add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }",
            "add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }",
            "add chain ip kube-proxy reject-chain { comment \"helper\" ; }",
            "add chain ip kube-proxy services",
            "add chain ip kube-proxy service-endpoints-check",
            "add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"",
            "add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment \"Drop traffic to unallocated ClusterIPs\"",
            "add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check",
            "add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check",
            "add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000",
            "add rule ip kube-proxy masquerading mark and 0x4000 == 0 return",
            "add rule ip kube-proxy masquerading mark set mark xor 0x4000",
            "add rule ip kube-proxy masquerading masquerade fully-random",
            "add rule ip kube-proxy nat-postrouting jump masquerading",
            "add rule ip kube-proxy nat-prerouting jump services",
            "add rule ip kube-proxy reject-chain reject",
            "add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips",
            "add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services",
            "add chain ip kube-proxy endpoint-A",
            "add chain ip kube-proxy endpoint-B",
            "add chain ip kube-proxy service-S",
            "add rule ip kube-proxy service-S ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade",
            "add rule ip kube-proxy service-S numgen random mod 2 vmap { 0 : goto endpoint-A , 1 : goto endpoint-B }",
            "add rule ip kube-proxy endpoint-A ip saddr 10.180.0.1 jump mark-for-masquerade",
            "add rule ip kube-proxy endpoint-A meta l4proto tcp dnat to 10.180.0.1:80",
            "add rule ip kube-proxy endpoint-B ip saddr 10.180.2.1 jump mark-for-masquerade",
            "add rule ip kube-proxy endpoint-B meta l4proto tcp dnat to 10.180.2.1:80",
            "add element ip kube-proxy cluster-ips { 172.30.0.42 }",
            "add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-S }",
            "add element ip kube-proxy cluster-ips { 172.30.0.46 }",
            "add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment \"ns6/svc6:p80\" : goto reject-chain }",
            "");

    final Engine engine = new Engine();
    final Tracer tracer = new Tracer(engine);
    final TraceRecorder rec = new TraceRecorder();
    final Set<Ipv4Address> local = Set.of(Ipv4Address.parse("10.0.0.1"));
    final NetfilterContext ctx = new NetfilterContext() {
        @Override
        public boolean isLocalAddress(Ipv4Address a) {
            return local.contains(a);
        }

        @Override
        public Ipv4Address primaryAddress(String device) {
            return "cni0".equals(device) ? Ipv4Address.parse("10.0.0.1") : null;
        }
    };
    long ids;

    NftEvaluatorTest() {
        tracer.addListener(rec);
    }

    Netfilter node(long seed) {
        return node(seed, NftParser.parse(TEXT));
    }

    Netfilter node(long seed, NftRuleset rs) {
        Netfilter nf = new Netfilter(Ruleset.parse(""), new Conntrack(engine), new SplittableRandom(seed), ctx, tracer, "node1");
        nf.nftables(new NftEvaluator(rs, engine::now));
        return nf;
    }

    PacketBuffer syn(String src, int sport, String dst, int dport) {
        return new PacketBuffer(++ids, "web", Packet.of(new byte[0],
                Ipv4Header.of(Ipv4Address.parse(src), Ipv4Address.parse(dst), 6, 64, 1),
                TcpHeader.of(sport, dport, 1000, 0, TcpHeader.SYN, 65535)));
    }

    static Verdict forward(Netfilter nf, PacketBuffer b) {
        Verdict v = nf.hook(Hook.PREROUTING, b, "cni0", null);
        if (!v.accepted()) {
            return v;
        }
        v = nf.hook(Hook.FORWARD, b, "cni0", "cni0");
        if (!v.accepted()) {
            return v;
        }
        return nf.hook(Hook.POSTROUTING, b, null, "cni0");
    }

    static String dst(PacketBuffer b) {
        Ipv4Header ip = b.packet().first(Ipv4Header.class);
        return ip.dst() + ":" + b.packet().first(TcpHeader.class).dstPort();
    }

    static String src(PacketBuffer b) {
        return b.packet().first(Ipv4Header.class).src().toString();
    }

    @Test
    void clusterIpGoesToBothEndpointsWithoutMasquerade() {
        Netfilter nf = node(1);
        TreeMap<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
            PacketBuffer b = syn("10.180.0.2", 20000 + i, "172.30.0.42", 80);
            assertTrue(forward(nf, b).accepted());
            seen.merge(dst(b), 1, Integer::sum);
            assertEquals("10.180.0.2", src(b), "pod traffic is not masqueraded");
        }
        assertEquals(Set.of("10.180.0.1:80", "10.180.2.1:80"), seen.keySet(), seen.toString());
    }

    @Test
    void hairpinIsMasqueraded() {
        Netfilter nf = node(3);
        for (int i = 0; i < 20; i++) {
            PacketBuffer b = syn("10.180.0.1", 30000 + i, "172.30.0.42", 80);
            assertTrue(forward(nf, b).accepted());
            if (dst(b).equals("10.180.0.1:80")) {
                assertEquals("10.0.0.1", src(b), "hairpin to itself is masqueraded to cni0's address");
                return;
            }
        }
        throw new AssertionError("no connection reached the hairpin endpoint");
    }

    @Test
    void wrongPortIsRejectedUnallocatedIpDroppedNoEndpointsRejected() {
        Netfilter nf = node(1);
        Verdict wrongPort = forward(nf, syn("10.180.0.2", 40000, "172.30.0.42", 443));
        assertEquals(Verdict.Action.REJECT, wrongPort.action());
        Verdict unallocated = forward(nf, syn("10.180.0.2", 40001, "172.30.0.50", 80));
        assertEquals(Verdict.Action.DROP, unallocated.action());
        PacketBuffer none = syn("10.180.0.2", 40002, "172.30.0.46", 80);
        Verdict noEndpoints = forward(nf, none);
        assertEquals(Verdict.Action.REJECT, noEndpoints.action());
        String expl = rec.events().stream().filter(e -> e.packetId() == none.id()).map(TraceEvent::explanation)
                .filter(x -> x.contains("no-endpoint-services")).findFirst().orElse("");
        assertTrue(expl.contains("nft ip kube-proxy chain service-endpoints-check rule handle 26")
                && expl.contains("element '172.30.0.46 . tcp . 80 : goto reject-chain'"), expl);
    }

    @Test
    void handlesAreNumberedPerTableAsTheKernelDoes() {
        NftRuleset rs = NftParser.parse(TEXT);
        // sets/maps, chains and rules share one counter; the kernel's nft -a list shows this text's first
        // rule as handle 14 and the no-endpoint-services rule as 26 (checked with nft 1.0.6)
        assertEquals(26, rs.handle("ip kube-proxy", "service-endpoints-check", 0));
        assertEquals(14, rs.handle("ip kube-proxy", "cluster-ips-check", 0));
        assertEquals(List.of("ip daddr . meta l4proto . th dport vmap @service-ips"), rs.rules("ip kube-proxy", "services"));
    }

    /** What the kernel's {@code nft list ruleset} printed after loading {@link #TEXT} (nft 1.0.6). */
    @Test
    void theKernelsListingOfTheSameTableEvaluatesAlike() throws Exception {
        String listing;
        try (java.io.InputStream in = getClass().getResourceAsStream("evaluator-table.kernel-listing")) {
            listing = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        NftRuleset rs = NftParser.parse(listing);
        assertEquals(NftParser.parse(TEXT).ruleCount(), rs.ruleCount());
        Netfilter nf = node(1, rs);
        assertEquals(Verdict.Action.REJECT, forward(nf, syn("10.180.0.2", 40000, "172.30.0.42", 443)).action());
        assertEquals(Verdict.Action.DROP, forward(nf, syn("10.180.0.2", 40001, "172.30.0.50", 80)).action());
        assertEquals(Verdict.Action.REJECT, forward(nf, syn("10.180.0.2", 40002, "172.30.0.46", 80)).action());
        PacketBuffer hairpin = null;
        for (int i = 0; i < 20 && hairpin == null; i++) {
            PacketBuffer b = syn("10.180.0.1", 30000 + i, "172.30.0.42", 80);
            assertTrue(forward(nf, b).accepted());
            if (dst(b).equals("10.180.0.1:80")) {
                hairpin = b;
            }
        }
        assertEquals("10.0.0.1", src(hairpin), "meta mark set meta mark | 0x00004000 and the & test work as written by the kernel");
    }

    @Test
    void unreadableTextNamesTheLine() {
        NftParseException e = assertThrows(NftParseException.class,
                () -> NftParser.parse("add table ip t\nadd chain ip t c\nadd rule ip t c frobnicate 1\n"));
        assertEquals(3, e.line());
        assertThrows(NftParseException.class, () -> NftParser.parse("add table ip t\nadd rule ip t nochain accept\n"));
    }
}
