package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Jump, goto and RETURN as the kernel runs them. */
class ChainTraversalTest {
    private static final String RULES = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :A - [0:0]
            :B - [0:0]
            -A FORWARD -i cni0 -j A
            -A FORWARD -p udp -j ACCEPT
            -A A -p tcp -m tcp --dport 443 -g B
            -A A -p tcp -m tcp --dport 80 -j B
            -A A -p tcp -j ACCEPT
            -A B -p tcp -m tcp --dport 22 -j DROP
            -A B -j RETURN
            COMMIT
            """;
    private final Engine engine = new Engine();
    private final Tracer tracer = new Tracer(engine);
    private final TraceRecorder rec = new TraceRecorder();
    private final Netfilter nf = new Netfilter(Ruleset.parse(RULES), new Conntrack(engine), new SplittableRandom(1),
            NetfilterContext.NONE, tracer, "r1");

    ChainTraversalTest() {
        tracer.addListener(rec);
    }

    private Verdict forward(int proto, int dport) {
        Ipv4Header ip = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.1.1"), proto, 64, 1);
        Packet p = proto == 6 ? Packet.of(new byte[0], ip, TcpHeader.of(1234, dport, 1, 0, TcpHeader.SYN, 100))
                : Packet.of(new byte[0], ip, new UdpHeader(1234, dport));
        return nf.hook(Hook.FORWARD, new PacketBuffer(1, null, p), "cni0", "eth0");
    }

    @Test
    void jumpReturnsToTheRuleAfterTheJump() {
        assertEquals(Verdict.Action.ACCEPT, forward(6, 80).action()); // A -> B -> RETURN -> A rule 3 ACCEPT
        List<String> hits = rec.events().stream().map(TraceEvent::explanation).toList();
        assertEquals(List.of("filter/FORWARD rule 1: jump to A", "filter/A rule 2: jump to B",
                "filter/B rule 2: RETURN to A", "filter/A rule 3: ACCEPT"), hits);
    }

    @Test
    void gotoReturnsToTheCallerOfTheChainThatWentThere() {
        // A -g B; B RETURNs to FORWARD (not to A); FORWARD rule 2 is udp only; policy DROP.
        Verdict v = forward(6, 443);
        assertEquals(Verdict.Action.DROP, v.action());
        assertNull(v.rule(), "the policy decided");
        TraceEvent last = rec.events().get(rec.events().size() - 1);
        assertEquals("filter/FORWARD policy DROP: no rule accepted the packet", last.explanation());
        assertEquals(new Decision.RuleHit("filter", "FORWARD", 0, ":FORWARD DROP", "DROP"), last.decision());
    }

    @Test
    void dropInsideAJumpedChainEndsEverything() {
        Verdict v = forward(6, 22);
        assertEquals(Verdict.Action.ACCEPT, v.action(), "port 22 is neither 443 nor 80: A rule 3 accepts");
        assertEquals(Verdict.Action.ACCEPT, forward(17, 53).action());
    }

    @Test
    void dropInSecondChain() {
        Netfilter n = new Netfilter(Ruleset.parse(RULES.replace("--dport 80 -j B", "--dport 22 -j B")),
                new Conntrack(engine), new SplittableRandom(1), NetfilterContext.NONE, tracer, "r2");
        Ipv4Header ip = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.1.1"), 6, 64, 1);
        Verdict v = n.hook(Hook.FORWARD, new PacketBuffer(2, null, Packet.of(new byte[0], ip,
                TcpHeader.of(1234, 22, 1, 0, TcpHeader.SYN, 100))), "cni0", "eth0");
        assertEquals(Verdict.Action.DROP, v.action());
        assertEquals("-A B -p tcp -m tcp --dport 22 -j DROP", v.rule());
    }

    @Test
    void longChainsIndexedByDestinationKeepRuleOrder() {
        StringBuilder t = new StringBuilder("*filter\n:FORWARD DROP [0:0]\n");
        for (int k = 0; k < 20; k++) {
            t.append(switch (k) {
                case 3 -> "-A FORWARD -d 10.0.1.1/32 -j MARK --or-mark 0x100\n";
                case 7 -> "-A FORWARD -p tcp -j MARK --set-xmark 0x7/0xffffffff\n";
                case 12 -> "-A FORWARD -d 10.0.1.1/32 -j ACCEPT\n";
                default -> "-A FORWARD -d 10.0.2." + k + "/32 -j DROP\n";
            });
        }
        Ruleset rs = Ruleset.parse(t.append("COMMIT\n").toString());
        Netfilter n = new Netfilter(rs, new Conntrack(engine), new SplittableRandom(1), NetfilterContext.NONE, tracer, "r3");
        Ipv4Header ip = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.1.1"), 6, 64, 1);
        PacketBuffer b = new PacketBuffer(3, null, Packet.of(new byte[0], ip, TcpHeader.of(1, 2, 1, 0, TcpHeader.SYN, 9)));
        assertEquals(Verdict.Action.ACCEPT, n.hook(Hook.FORWARD, b, "a", "b").action());
        assertEquals(7, b.mark());
        assertEquals(List.of("filter/FORWARD rule 4: MARK 0x0 -> 0x100", "filter/FORWARD rule 8: MARK 0x100 -> 0x7",
                "filter/FORWARD rule 13: ACCEPT"), rec.events().stream().map(TraceEvent::explanation).toList());
        Ipv4Header other = Ipv4Header.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.2.15"), 6, 64, 1);
        Verdict v = n.hook(Hook.FORWARD, new PacketBuffer(4, null, Packet.of(new byte[0], other,
                TcpHeader.of(1, 2, 1, 0, TcpHeader.SYN, 9))), "a", "b");
        assertEquals("-A FORWARD -d 10.0.2.15/32 -j DROP", v.rule());
    }
}
