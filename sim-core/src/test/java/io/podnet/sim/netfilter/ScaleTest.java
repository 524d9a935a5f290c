package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A kube-proxy ruleset at the published Service limit parses and translates correctly. How fast is
 * measured by {@code NetfilterBench} (scripts/bench), not asserted here.
 */
class ScaleTest {
    static String services(int n) {
        StringBuilder chains = new StringBuilder();
        StringBuilder rules = new StringBuilder();
        chains.append("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n")
                .append(":KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n");
        rules.append("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .append("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
        for (int s = 0; s < n; s++) {
            String svc = String.format("KUBE-SVC-%016d", s);
            String vip = "10.96." + (s >> 8) + "." + (s & 0xff);
            chains.append(':').append(svc).append(" - [0:0]\n");
            rules.append("-A KUBE-SERVICES -d ").append(vip).append("/32 -p tcp -m comment --comment \"ns/svc").append(s)
                    .append(":http cluster IP\" -m tcp --dport 80 -j ").append(svc).append('\n');
            for (int e = 0; e < 3; e++) {
                String sep = String.format("KUBE-SEP-%014d%02d", s, e);
                String ep = "10.244." + ((s * 3 + e) >> 8 & 0xff) + "." + ((s * 3 + e) & 0xff);
                chains.append(':').append(sep).append(" - [0:0]\n");
                rules.append("-A ").append(svc).append(" -m comment --comment \"ns/svc").append(s).append(":http -> ")
                        .append(ep).append(":8080\"");
                if (e == 0) {
                    rules.append(" -m statistic --mode random --probability 0.33333333349");
                } else if (e == 1) {
                    rules.append(" -m statistic --mode random --probability 0.50000000000");
                }
                rules.append(" -j ").append(sep).append('\n');
                rules.append("-A ").append(sep).append(" -s ").append(ep).append("/32 -j KUBE-MARK-MASQ\n");
                rules.append("-A ").append(sep).append(" -p tcp -m tcp -j DNAT --to-destination ").append(ep).append(":8080\n");
            }
        }
        return chains.append(rules).append("COMMIT\n").toString();
    }

    @Test
    void tenThousandServices() {
        String text = services(10_000);
        Ruleset rs = Ruleset.parse(text);
        assertEquals(3 + 10_000 * 10, rs.ruleCount());
        Engine engine = new Engine();
        Netfilter nf = new Netfilter(rs, new Conntrack(engine), new SplittableRandom(1), NetfilterContext.NONE,
                new Tracer(engine), "n");
        int conns = 20_000;
        for (int i = 0; i < conns; i++) {
            int s = 9_999 - (i % 100); // the last Services in KUBE-SERVICES: the slowest lookups
            Ipv4Header ip = Ipv4Header.of(Ipv4Address.parse("10.244.200.1"),
                    Ipv4Address.parse("10.96." + (s >> 8) + "." + (s & 0xff)), 6, 64, 1);
            PacketBuffer b = new PacketBuffer(i, null, Packet.of(new byte[0], ip,
                    TcpHeader.of(1024 + i % 60000, 80, 1, 0, TcpHeader.SYN, 100)));
            nf.hook(Hook.OUTPUT, b, null, "eth0");
            nf.hook(Hook.POSTROUTING, b, null, "eth0");
            assertEquals(8080, b.packet().first(TcpHeader.class).dstPort());
        }
        assertEquals(conns, nf.conntrack().size(), "one conntrack entry per connection");
    }
}
