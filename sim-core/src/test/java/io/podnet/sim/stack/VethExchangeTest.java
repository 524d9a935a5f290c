package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class VethExchangeTest {
    @Test
    void udpDatagramCrossesTheVethAfterArp() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        long id = run.udp("a", null, "10.0.0.2", 40000, 53, 10, true);
        run.engine.runUntilIdle();

        List<PacketBuffer> got = run.inbox.get("b");
        assertEquals(1, got.size(), run.dump());
        Packet p = got.get(0).packet();
        Ipv4Header ip = (Ipv4Header) p.header(0);
        assertEquals(ip("10.0.0.1"), ip.src(), "source selected from eth0's address");
        assertEquals(64, ip.ttl(), "no router on the way: TTL unchanged");
        assertEquals(new UdpHeader(40000, 53), p.header(1));
        assertEquals(id, got.get(0).id());
        assertEquals(List.of("a ROUTE", "a/eth0 NOTE", "a/eth0 NEIGHBOUR", "a/eth0 TX", "b/eth0 RX", "b/eth0 ROUTE",
                "b/eth0 DELIVER"), run.hops(id));
        // ARP request from a, reply from b, each crossing the veth.
        long arpTx = run.events(EventKind.TX).stream().filter(e -> e.packetId() != id).count();
        assertEquals(2, arpTx, run.dump());
        assertEquals("10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 STALE",
                run.ns("b").neighbours().entries().get(0).text());
        assertEquals("10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE",
                run.ns("a").neighbours().entries().get(0).text());
    }

    @Test
    void theFrameOnTheWireHasExactBytes() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        run.ns("a").neighbours().addPermanent(ip("10.0.0.2"), Nets.mac("02:00:00:00:00:02"),
                run.ns("a").device("eth0"));
        long id = run.udp("a", "10.0.0.1", "10.0.0.2", 1, 2, 2, false);
        run.engine.runUntilIdle();
        Packet tx = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.TX)
                .findFirst().orElseThrow().packet();
        byte[] b = tx.encode();
        String hex = hex(b);
        assertEquals("020000000002" + "020000000001" + "0800"
                + "4500001e" + "00070000" + "4011" + hex.substring(48, 52) + "0a000001" + "0a000002"
                + "00010002000a" + hex.substring(80, 84) + "0001", hex);
        assertEquals(tx, Packet.decodeEthernet(b, java.util.Set.of()));
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    @Test
    void pingLikeExchangeWithAnEchoingSocketLayer() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        NetNamespace b = run.ns("b");
        b.setLocalDelivery(pb -> {
            Packet p = pb.packet();
            Ipv4Header ip = (Ipv4Header) p.header(0);
            IcmpHeader icmp = p.first(IcmpHeader.class);
            if (icmp != null && icmp.type() == IcmpHeader.ECHO_REQUEST) {
                Ipv4Header rh = Ipv4Header.of(ip.dst(), ip.src(), Ipv4Header.PROTO_ICMP, 64, 99);
                b.output(new PacketBuffer(b.nextPacketId(), pb.flow(),
                        Packet.of(p.payload(), rh, IcmpHeader.echoReply(icmp.identifier(), icmp.sequence()))));
            }
        });
        run.ping("a", "10.0.0.2", 64);
        run.engine.runUntilIdle();
        List<PacketBuffer> got = run.inbox.get("a");
        assertEquals(1, got.size(), run.dump());
        Packet reply = got.get(0).packet();
        assertEquals(IcmpHeader.echoReply(1, 1), reply.first(IcmpHeader.class));
        assertEquals("hello", new String(reply.payload(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Ipv4Address.parse("10.0.0.2"), reply.first(Ipv4Header.class).src());
        // b learned a's MAC from the ARP request: the reply needs no ARP of its own.
        assertEquals(2, run.rec.events().stream().filter(e -> e.kind() == EventKind.TX
                && e.packet().summary().contains("ARP")).count(), run.dump());
    }

    @Test
    void sendingToOwnAddressLoopsBackThroughLo() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        long id = run.udp("a", null, "10.0.0.1", 1000, 2000, 4, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("a").size(), run.dump());
        assertTrue(run.hops(id).contains("a/lo TX"));
        assertEquals(ip("10.0.0.1"), run.inbox.get("a").get(0).packet().first(Ipv4Header.class).src());
    }
}
