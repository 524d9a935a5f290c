package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Source NAT keeps every reply tuple unique, moving ports (or ICMP ids) only when it must. */
class NatUniquenessTest {
    private static final Ruleset MASQ = Ruleset.parse("""
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -o eth0 -j MASQUERADE
            COMMIT
            """);
    private final Engine engine = new Engine();
    private final Netfilter nf = new Netfilter(MASQ, new Conntrack(engine), new SplittableRandom(5),
            new NetfilterContext() {
                @Override
                public boolean isLocalAddress(Ipv4Address a) {
                    return a.equals(Ipv4Address.parse("192.168.1.10"));
                }

                @Override
                public Ipv4Address primaryAddress(String device) {
                    return device.equals("eth0") ? Ipv4Address.parse("192.168.1.10") : null;
                }
            }, new Tracer(engine), "node1");
    private long ids;

    private PacketBuffer send(Packet p) {
        PacketBuffer b = new PacketBuffer(++ids, null, p);
        assertTrue(nf.hook(Hook.PREROUTING, b, "cni0", null).accepted());
        assertTrue(nf.hook(Hook.FORWARD, b, "cni0", "eth0").accepted());
        assertTrue(nf.hook(Hook.POSTROUTING, b, null, "eth0").accepted());
        return b;
    }

    private static Ipv4Header ip(String src, String dst, int proto) {
        return Ipv4Header.of(Ipv4Address.parse(src), Ipv4Address.parse(dst), proto, 64, 1);
    }

    @Test
    void secondClientWithTheSameSourcePortGetsAnotherPort() {
        PacketBuffer a = send(Packet.of(new byte[0], ip("10.244.1.2", "1.1.1.1", 6), TcpHeader.of(40000, 443, 1, 0, TcpHeader.SYN, 9)));
        PacketBuffer b = send(Packet.of(new byte[0], ip("10.244.1.3", "1.1.1.1", 6), TcpHeader.of(40000, 443, 1, 0, TcpHeader.SYN, 9)));
        assertEquals(Ipv4Address.parse("192.168.1.10"), a.packet().first(Ipv4Header.class).src());
        assertEquals(40000, a.packet().first(TcpHeader.class).srcPort(), "the first keeps its port");
        int port = b.packet().first(TcpHeader.class).srcPort();
        assertNotEquals(40000, port, "the second would clash, so its port moves");
        assertTrue(port >= 1024);
        List<String> lines = nf.conntrack().list();
        assertEquals("tcp      6 120 SYN_SENT src=10.244.1.3 dst=1.1.1.1 sport=40000 dport=443 [UNREPLIED] src=1.1.1.1"
                + " dst=192.168.1.10 sport=443 dport=" + port + " mark=0 use=1", lines.get(1));
    }

    @Test
    void pingsWithTheSameIdFromTwoPodsAreTrackedApart() {
        PacketBuffer a = send(Packet.of(new byte[8], ip("10.244.1.2", "8.8.8.8", 1), IcmpHeader.echoRequest(7, 1)));
        PacketBuffer b = send(Packet.of(new byte[8], ip("10.244.1.3", "8.8.8.8", 1), IcmpHeader.echoRequest(7, 1)));
        assertEquals(7, a.packet().first(IcmpHeader.class).identifier());
        int idB = b.packet().first(IcmpHeader.class).identifier();
        assertNotEquals(7, idB);
        // The reply to the second ping finds its way back to 10.244.1.3 with id 7.
        PacketBuffer reply = new PacketBuffer(++ids, null, Packet.of(new byte[8], ip("8.8.8.8", "192.168.1.10", 1),
                IcmpHeader.echoReply(idB, 1)));
        assertTrue(nf.hook(Hook.PREROUTING, reply, "eth0", null).accepted());
        assertEquals(Ipv4Address.parse("10.244.1.3"), reply.packet().first(Ipv4Header.class).dst());
        assertEquals(7, reply.packet().first(IcmpHeader.class).identifier());
        assertEquals(1, reply.packet().first(IcmpHeader.class).sequence());
        assertEquals("icmp     1 30 src=10.244.1.3 dst=8.8.8.8 type=8 code=0 id=7 src=8.8.8.8 dst=192.168.1.10 type=0"
                + " code=0 id=" + idB + " mark=0 use=1", nf.conntrack().list().get(1));
    }

    @Test
    void unsolicitedEchoReplyIsInvalid() {
        PacketBuffer reply = new PacketBuffer(++ids, null, Packet.of(new byte[0], ip("8.8.8.8", "192.168.1.10", 1),
                IcmpHeader.echoReply(99, 1)));
        nf.hook(Hook.PREROUTING, reply, "eth0", null);
        assertEquals(0, nf.conntrack().size());
        assertEquals(Conntrack.STATE_INVALID, ((Conntrack.Attachment) reply.conntrack()).stateBits());
    }
}
