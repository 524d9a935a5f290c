package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Checksums;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NetfilterTest {
    static final Ruleset NODE = Ruleset.parse(KubeProxyText.NODE);
    static final Set<Ipv4Address> LOCAL = Set.of(ip("192.168.1.10"), ip("10.244.0.1"), ip("127.0.0.1"));

    final Engine engine = new Engine();
    final Tracer tracer = new Tracer(engine);
    final TraceRecorder rec = new TraceRecorder();
    final NetfilterContext ctx = new NetfilterContext() {
        @Override
        public boolean isLocalAddress(Ipv4Address a) {
            return LOCAL.contains(a);
        }

        @Override
        public Ipv4Address primaryAddress(String device) {
            return switch (device) {
                case "eth0" -> ip("192.168.1.10");
                case "cni0" -> ip("10.244.0.1");
                default -> null;
            };
        }
    };
    long ids;

    NetfilterTest() {
        tracer.addListener(rec);
    }

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    Netfilter node(Ruleset rs, long seed) {
        return new Netfilter(rs, new Conntrack(engine), new SplittableRandom(seed), ctx, tracer, "node1");
    }

    PacketBuffer tcp(String src, int sport, String dst, int dport, int flags) {
        return new PacketBuffer(++ids, "web", Packet.of(new byte[0], Ipv4Header.of(ip(src), ip(dst), 6, 64, 1),
                TcpHeader.of(sport, dport, 1000, flags == TcpHeader.SYN ? 0 : 1, flags, 65535)));
    }

    PacketBuffer udp(String src, int sport, String dst, int dport, byte[] payload) {
        return new PacketBuffer(++ids, "dns", Packet.of(payload, Ipv4Header.of(ip(src), ip(dst), 17, 64, 1),
                new UdpHeader(sport, dport)));
    }

    static Ipv4Header ipOf(PacketBuffer b) {
        return b.packet().first(Ipv4Header.class);
    }

    static String dstOf(PacketBuffer b) {
        Packet p = b.packet();
        TcpHeader t = p.first(TcpHeader.class);
        UdpHeader u = p.first(UdpHeader.class);
        return ipOf(b).dst() + ":" + (t != null ? t.dstPort() : u.dstPort());
    }

    static String srcOf(PacketBuffer b) {
        Packet p = b.packet();
        TcpHeader t = p.first(TcpHeader.class);
        UdpHeader u = p.first(UdpHeader.class);
        return ipOf(b).src() + ":" + (t != null ? t.srcPort() : u.srcPort());
    }

    /** A packet forwarded by the node: PREROUTING, FORWARD, POSTROUTING; stops at the first non-ACCEPT. */
    static Verdict forward(Netfilter nf, PacketBuffer b, String in, String out) {
        Verdict v = nf.hook(Hook.PREROUTING, b, in, null);
        if (!v.accepted()) {
            return v;
        }
        v = nf.hook(Hook.FORWARD, b, in, out);
        if (!v.accepted()) {
            return v;
        }
        return nf.hook(Hook.POSTROUTING, b, null, out);
    }

    List<TraceEvent> events(long packetId) {
        return rec.events().stream().filter(e -> e.packetId() == packetId).toList();
    }

    @Test
    void clusterIpIsDnatedAndTheReplyIsReversed() {
        Netfilter nf = node(NODE, 7);
        PacketBuffer syn = tcp("10.244.1.2", 40000, "10.96.0.10", 80, TcpHeader.SYN);
        assertEquals(Verdict.ACCEPT, forward(nf, syn, "cni0", "eth0"));
        String backend = dstOf(syn);
        assertTrue(Set.of("10.244.1.5:8080", "10.244.2.8:8080", "10.244.3.9:8080").contains(backend), backend);
        assertEquals("10.244.1.2:40000", srcOf(syn), "pod traffic is not masqueraded");
        assertEquals(0, syn.mark());
        String beIp = backend.substring(0, backend.indexOf(':'));
        assertEquals(List.of("tcp      6 120 SYN_SENT src=10.244.1.2 dst=10.96.0.10 sport=40000 dport=80 [UNREPLIED] src="
                + beIp + " dst=10.244.1.2 sport=8080 dport=40000 mark=0 use=1"), nf.conntrack().list());

        PacketBuffer synAck = tcp(beIp, 8080, "10.244.1.2", 40000, TcpHeader.SYN | TcpHeader.ACK);
        assertEquals(Verdict.ACCEPT, forward(nf, synAck, "eth0", "cni0"));
        assertEquals("10.96.0.10:80", srcOf(synAck), "the reply comes from the ClusterIP");
        assertEquals("10.244.1.2:40000", dstOf(synAck));
        TraceEvent rev = events(synAck.id()).stream().filter(e -> e.decision() instanceof Decision.Nat).findFirst()
                .orElseThrow();
        assertEquals("conntrack reverses DNAT: source " + backend + " -> 10.96.0.10:80", rev.explanation());
        assertEquals(new Decision.Nat("DNAT", backend, "10.96.0.10:80", true), rev.decision());
        assertEquals(EventKind.CONNTRACK, rev.kind());

        int before = rec.events().size();
        PacketBuffer ack = tcp("10.244.1.2", 40000, "10.96.0.10", 80, TcpHeader.ACK);
        assertEquals(Verdict.ACCEPT, forward(nf, ack, "cni0", "eth0"));
        assertEquals(backend, dstOf(ack), "later packets follow the same binding");
        boolean natRules = rec.events().subList(before, rec.events().size()).stream()
                .anyMatch(e -> e.decision() instanceof Decision.RuleHit h && h.table().equals("nat"));
        assertFalse(natRules, "the nat table is consulted only for the first packet");
        assertEquals(List.of("tcp      6 432000 ESTABLISHED src=10.244.1.2 dst=10.96.0.10 sport=40000 dport=80 src="
                + beIp + " dst=10.244.1.2 sport=8080 dport=40000 [ASSURED] mark=0 use=1"), nf.conntrack().list());
    }

    @Test
    void dnatRuleHitIsExplainedWithTheRuleAndItsComment() {
        Netfilter nf = node(NODE, 7);
        PacketBuffer syn = tcp("10.244.1.2", 40000, "10.96.0.10", 80, TcpHeader.SYN);
        forward(nf, syn, "cni0", "eth0");
        String backend = dstOf(syn);
        List<TraceEvent> ev = events(syn.id());
        TraceEvent dnat = ev.stream().filter(e -> e.decision() instanceof Decision.RuleHit h && h.verdict().equals("DNAT"))
                .findFirst().orElseThrow();
        Decision.RuleHit h = (Decision.RuleHit) dnat.decision();
        assertEquals("nat", h.table());
        assertTrue(h.chain().startsWith("KUBE-SEP-"));
        assertEquals(2, h.ruleNumber());
        assertEquals("-A " + h.chain() + " -p tcp -m comment --comment \"default/my-app:http\" -m tcp -j DNAT"
                + " --to-destination " + backend, h.ruleText());
        assertEquals("nat/" + h.chain() + " rule 2: DNAT to " + backend + " (-m comment \"default/my-app:http\")",
                dnat.explanation());
        assertEquals(EventKind.NETFILTER, dnat.kind());
        // Only rules that fired are traced: PREROUTING jump, KUBE-SERVICES jump, the SVC jump(s), the DNAT,
        // the DNAT application, FORWARD's two jumps, then KUBE-POSTROUTING's RETURN and the conntrack NEW.
        List<String> kinds = ev.stream().map(e -> e.decision() instanceof Decision.RuleHit r
                ? r.table() + "/" + r.chain() + "#" + r.ruleNumber() : e.decision().getClass().getSimpleName()).toList();
        assertEquals("nat/PREROUTING#1", kinds.get(0));
        assertEquals("nat/KUBE-SERVICES#1", kinds.get(1));
        assertTrue(kinds.contains("Nat"));
        assertTrue(kinds.contains("filter/FORWARD#1"));
        assertTrue(kinds.contains("filter/KUBE-SERVICES#1") == false, "the REJECT rule did not match: " + kinds);
        assertEquals("nat/KUBE-POSTROUTING#1", kinds.get(kinds.size() - 2));
        assertEquals("Conntrack", kinds.get(kinds.size() - 1));
        TraceEvent created = ev.get(ev.size() - 1);
        assertEquals("conntrack: new connection tcp 10.244.1.2:40000 -> 10.96.0.10:80, replies expected as tcp "
                + backend + " -> 10.244.1.2:40000", created.explanation());
    }

    @Test
    void statisticSpreadsConnectionsOverEndpointsWithAFixedSeed() {
        Map<String, Integer> counts = spread(42);
        assertEquals(3, counts.size());
        for (int n : counts.values()) {
            assertTrue(n > 900 && n < 1100, counts.toString());
        }
        assertEquals(counts, spread(42), "same seed, same choices");
        assertFalse(counts.equals(spread(43)), "another seed, other choices");
    }

    private Map<String, Integer> spread(long seed) {
        Netfilter nf = node(NODE, seed);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            PacketBuffer syn = tcp("10.244.1.2", 20000 + i, "10.96.0.10", 80, TcpHeader.SYN);
            nf.hook(Hook.OUTPUT, syn, null, "eth0");
            nf.hook(Hook.POSTROUTING, syn, null, "eth0");
            counts.merge(dstOf(syn), 1, Integer::sum);
        }
        assertEquals(3000, nf.conntrack().size());
        return counts;
    }

    @Test
    void probabilityIsStoredAsIptablesStoresIt() {
        Rule r = NODE.chain(TableName.NAT, "KUBE-SVC-XPGD46QRK7WJZT7O").rules().get(1);
        XtStatistic.Statistic s = (XtStatistic.Statistic) Arrays.stream(r.matches)
                .filter(m -> m instanceof XtStatistic.Statistic)
                .findFirst().orElseThrow();
        assertEquals(715827883L, s.threshold()); // lround(0x80000000 * 0.33333333349)
    }

    @Test
    void serviceWithoutEndpointsIsRejectedAndLeavesNoConntrackEntry() {
        Netfilter nf = node(NODE, 1);
        PacketBuffer syn = tcp("192.168.1.10", 41000, "10.96.0.20", 80, TcpHeader.SYN);
        Verdict v = nf.hook(Hook.OUTPUT, syn, null, "eth0");
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals("icmp-port-unreachable", v.rejectWith());
        assertEquals("-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment \"default/no-endpoints:http has no"
                + " endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable", v.rule());
        assertEquals(0, nf.conntrack().size(), "a dropped first packet is never confirmed");
        String save = nf.save();
        assertTrue(save.startsWith("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [1:40]\n"), save);
        assertTrue(save.contains("\n[1:40] -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"));
        assertTrue(save.contains("\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"));
        assertTrue(save.contains("\n[1:40] -A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment"
                + " \"default/no-endpoints:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with"
                + " icmp-port-unreachable\n"));
        assertTrue(save.contains("\n[0:0] -A OUTPUT -j KUBE-FIREWALL\n"), "rules after the REJECT never ran");
        assertTrue(save.endsWith("COMMIT\n"));
        TraceEvent last = events(syn.id()).get(events(syn.id()).size() - 1);
        assertEquals("filter/KUBE-SERVICES rule 1: REJECT with icmp-port-unreachable (-m comment"
                + " \"default/no-endpoints:http has no endpoints\")", last.explanation());
    }

    @Test
    void externalClientIsMarkedAndMasqueradedAndRepliesAreFullyReversed() {
        Netfilter nf = node(NODE, 3);
        PacketBuffer syn = tcp("192.168.1.50", 50000, "10.96.0.10", 80, TcpHeader.SYN);
        assertEquals(Verdict.ACCEPT, forward(nf, syn, "eth0", "cni0"));
        String backend = dstOf(syn);
        Ipv4Header out = ipOf(syn);
        assertEquals(ip("10.244.0.1"), out.src(), "MASQUERADE uses cni0's address");
        int masqPort = syn.packet().first(TcpHeader.class).srcPort();
        assertTrue(masqPort >= 1024, "random-fully picks from 1024-65535: " + masqPort);
        assertEquals(0, syn.mark(), "KUBE-POSTROUTING clears the masquerade bit");
        ConntrackEntry e = nf.conntrack().entries().get(0);
        assertTrue(e.dnat() && e.snat());

        PacketBuffer reply = tcp(backend.substring(0, backend.indexOf(':')), 8080, "10.244.0.1", masqPort,
                TcpHeader.SYN | TcpHeader.ACK);
        assertEquals(Verdict.ACCEPT, forward(nf, reply, "cni0", "eth0"));
        assertEquals("10.96.0.10:80", srcOf(reply));
        assertEquals("192.168.1.50:50000", dstOf(reply));
        List<String> expl = events(reply.id()).stream().filter(ev -> ev.decision() instanceof Decision.Nat)
                .map(TraceEvent::explanation).toList();
        assertEquals(List.of("conntrack reverses MASQUERADE: destination 10.244.0.1:" + masqPort + " -> 192.168.1.50:50000",
                "conntrack reverses DNAT: source " + backend + " -> 10.96.0.10:80"), expl);
    }

    @Test
    void nodePortMatchesLocalAddressesThroughAddrtype() {
        Netfilter nf = node(NODE, 5);
        PacketBuffer syn = tcp("192.168.1.77", 51000, "192.168.1.10", 30080, TcpHeader.SYN);
        assertEquals(Verdict.ACCEPT, nf.hook(Hook.PREROUTING, syn, "eth0", null));
        assertTrue(dstOf(syn).endsWith(":8080"), dstOf(syn));
        PacketBuffer other = tcp("192.168.1.77", 51001, "192.168.1.99", 30080, TcpHeader.SYN);
        nf.hook(Hook.PREROUTING, other, "eth0", null);
        assertEquals("192.168.1.99:30080", dstOf(other), "not a local address: no NodePort");
    }

    @Test
    void strayTcpResetIsInvalidAndDroppedByKubeForward() {
        Netfilter nf = node(NODE, 5);
        PacketBuffer rst = tcp("10.244.1.2", 40000, "10.244.2.8", 8080, TcpHeader.RST);
        Verdict v = forward(nf, rst, "cni0", "eth0");
        assertEquals(Verdict.Action.DROP, v.action());
        assertEquals("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP", v.rule());
        assertEquals("conntrack: INVALID, a TCP R segment that starts no connection",
                events(rst.id()).get(0).explanation());
    }

    @Test
    void icmpErrorFromBackendIsRelatedAndItsQuoteIsTranslated() {
        Netfilter nf = node(NODE, 9);
        byte[] query = {1, 2, 3, 4};
        PacketBuffer q = udp("10.244.1.2", 33333, "10.96.0.53", 53, query);
        assertEquals(Verdict.ACCEPT, forward(nf, q, "cni0", "eth0"));
        assertEquals("10.244.2.3:53", dstOf(q));
        // The backend answers with port unreachable, quoting the datagram as it received it.
        byte[] quoted = q.packet().encode(); // the packet starts with its IPv4 header
        PacketBuffer err = new PacketBuffer(++ids, "dns", Packet.of(quoted,
                Ipv4Header.of(ip("10.244.2.3"), ip("10.244.1.2"), 1, 64, 9), IcmpHeader.unreachable(3)));
        assertEquals(Verdict.ACCEPT, forward(nf, err, "eth0", "cni0"));
        assertEquals(ip("10.96.0.53"), ipOf(err).src(), "outer source becomes the ClusterIP");
        byte[] inner = err.packet().payload();
        Quote back = Quote.parse(err.packet());
        assertEquals(new Tuple(17, ip("10.244.1.2").bits(), ip("10.96.0.53").bits(), 33333, 53), back.tuple());
        assertEquals(0, Checksums.ones(inner, 0, 20, 0), "quoted IPv4 checksum is valid");
        long pseudo = Checksums.pseudoHeader(ip("10.244.1.2").bits(), ip("10.96.0.53").bits(), 17, inner.length - 20);
        assertEquals(0, Checksums.ones(inner, 20, inner.length - 20, pseudo), "quoted UDP checksum is valid");
        assertTrue(events(err.id()).stream().anyMatch(e -> e.decision() instanceof Decision.Conntrack c
                && c.state().equals("RELATED")));
    }

    @Test
    void udpEntriesExpireOnTheEngineClock() {
        Netfilter nf = node(NODE, 9);
        PacketBuffer q = udp("10.244.1.2", 33333, "10.96.0.53", 53, new byte[0]);
        forward(nf, q, "cni0", "eth0");
        assertEquals(List.of("udp      17 30 src=10.244.1.2 dst=10.96.0.53 sport=33333 dport=53 [UNREPLIED]"
                + " src=10.244.2.3 dst=10.244.1.2 sport=53 dport=33333 mark=0 use=1"), nf.conntrack().list());
        engine.runUntil(29 * Durations.S);
        assertEquals(1, nf.conntrack().size());
        engine.runUntil(30 * Durations.S);
        assertEquals(0, nf.conntrack().size());
        PacketBuffer again = udp("10.244.1.2", 33333, "10.96.0.53", 53, new byte[0]);
        forward(nf, again, "cni0", "eth0");
        assertTrue(events(again.id()).stream().anyMatch(e -> e.decision() instanceof Decision.RuleHit h
                && h.table().equals("nat")), "an expired flow is NEW again");
    }

    @Test
    void oneRulesetServesManyNamespacesWithSeparateState() {
        Netfilter a = node(NODE, 1);
        Netfilter b = new Netfilter(NODE, new Conntrack(engine), new SplittableRandom(1), ctx, tracer, "node2");
        forward(a, tcp("10.244.1.2", 40000, "10.96.0.10", 80, TcpHeader.SYN), "cni0", "eth0");
        assertEquals(1, a.conntrack().size());
        assertEquals(0, b.conntrack().size());
        // A reply reaching node2 is unknown there: INVALID, dropped by KUBE-FORWARD.
        PacketBuffer stray = tcp("10.244.2.8", 8080, "10.244.1.2", 40000, TcpHeader.SYN | TcpHeader.ACK);
        assertEquals(Verdict.Action.DROP, forward(b, stray, "eth0", "cni0").action());
    }

    @Test
    void localServiceCallKeepsItsConnectionAcrossLoopback() {
        Ruleset rs = Ruleset.parse("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A OUTPUT -d 10.96.0.99/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 192.168.1.10:8080
                COMMIT
                """);
        Netfilter nf = node(rs, 2);
        PacketBuffer syn = tcp("192.168.1.10", 42000, "10.96.0.99", 80, TcpHeader.SYN);
        assertEquals(Verdict.ACCEPT, nf.hook(Hook.OUTPUT, syn, null, "lo"));
        assertEquals("192.168.1.10:8080", dstOf(syn));
        assertEquals(Verdict.ACCEPT, nf.hook(Hook.POSTROUTING, syn, null, "lo"));
        assertEquals(Verdict.ACCEPT, nf.hook(Hook.PREROUTING, syn, "lo", null));
        assertEquals(Verdict.ACCEPT, nf.hook(Hook.INPUT, syn, "lo", null));
        assertEquals("192.168.1.10:8080", dstOf(syn));
        assertEquals(1, nf.conntrack().size(), "the looped-back packet keeps its connection");

        PacketBuffer synAck = tcp("192.168.1.10", 8080, "192.168.1.10", 42000, TcpHeader.SYN | TcpHeader.ACK);
        nf.hook(Hook.OUTPUT, synAck, null, "lo");
        nf.hook(Hook.POSTROUTING, synAck, null, "lo");
        assertEquals("10.96.0.99:80", srcOf(synAck));
        nf.hook(Hook.PREROUTING, synAck, "lo", null);
        nf.hook(Hook.INPUT, synAck, "lo", null);
        assertEquals("10.96.0.99:80", srcOf(synAck));
        assertEquals("SYN_RECV", nf.conntrack().entries().get(0).tcpState());
    }

    @Test
    void tcpCloseReachesTimeWaitAndASynReopensTheTuple() {
        Netfilter nf = node(NODE, 11);
        String c = "10.244.1.2";
        PacketBuffer syn = tcp(c, 40000, "10.96.0.10", 80, TcpHeader.SYN);
        forward(nf, syn, "cni0", "eth0");
        String be = dstOf(syn).substring(0, dstOf(syn).indexOf(':'));
        int ack = TcpHeader.ACK;
        forward(nf, tcp(be, 8080, c, 40000, TcpHeader.SYN | ack), "eth0", "cni0");
        forward(nf, tcp(c, 40000, "10.96.0.10", 80, ack), "cni0", "eth0");
        assertEquals("ESTABLISHED", nf.conntrack().entries().get(0).tcpState());
        forward(nf, tcp(c, 40000, "10.96.0.10", 80, TcpHeader.FIN | ack), "cni0", "eth0");
        assertEquals("FIN_WAIT", nf.conntrack().entries().get(0).tcpState());
        forward(nf, tcp(be, 8080, c, 40000, ack), "eth0", "cni0");
        assertEquals("CLOSE_WAIT", nf.conntrack().entries().get(0).tcpState());
        forward(nf, tcp(be, 8080, c, 40000, TcpHeader.FIN | ack), "eth0", "cni0");
        assertEquals("LAST_ACK", nf.conntrack().entries().get(0).tcpState());
        forward(nf, tcp(c, 40000, "10.96.0.10", 80, ack), "cni0", "eth0");
        assertEquals("TIME_WAIT", nf.conntrack().entries().get(0).tcpState());
        assertTrue(nf.conntrack().list().get(0).startsWith("tcp      6 120 TIME_WAIT "));

        int before = rec.events().size();
        PacketBuffer again = tcp(c, 40000, "10.96.0.10", 80, TcpHeader.SYN);
        assertEquals(Verdict.ACCEPT, forward(nf, again, "cni0", "eth0"));
        assertTrue(rec.events().subList(before, rec.events().size()).stream().anyMatch(e ->
                e.decision() instanceof Decision.RuleHit h && h.verdict().equals("DNAT")), "a reopened tuple is NEW again");
        assertEquals(1, nf.conntrack().size());
        assertEquals("SYN_SENT", nf.conntrack().entries().get(0).tcpState());
    }
}
