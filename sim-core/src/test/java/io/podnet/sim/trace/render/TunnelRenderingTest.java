package io.podnet.sim.trace.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.WireguardHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GENEVE, IPIP and WireGuard packets in the text and JSON traces. */
class TunnelRenderingTest {
    private static final Ipv4Address NODE1 = Ipv4Address.parse("192.168.1.10");
    private static final Ipv4Address NODE2 = Ipv4Address.parse("192.168.1.11");
    private static final EthernetHeader ETH = new EthernetHeader(MacAddress.parse("02:00:00:00:0a:02"),
            MacAddress.parse("02:00:00:00:0a:01"), EthernetHeader.TYPE_IPV4);
    private static final Ipv4Header INNER = new Ipv4Header(0, 7, true, false, 0, 63, Ipv4Header.PROTO_UDP,
            SampleTrace.POD_A, SampleTrace.POD_B);
    private static final Packet L3 = Packet.of(new byte[] {'h', 'i'}, INNER, new UdpHeader(5000, 53));

    private static TraceEvent tx(Packet p, Decision d) {
        return new TraceEvent(4, 3_000, 9, null, "node1", "eth0", EventKind.TX, "eth0 sends", p, null, d);
    }

    @Test
    void geneveSplitsAtTheInnerFrameAndListsOptions() {
        GeneveHeader g = new GeneveHeader(5, List.of(new GeneveHeader.Option(0x0102, 0x80, new byte[] {0, 1, 0, 2})));
        Packet inner = L3.encapsulate(List.of(new EthernetHeader(MacAddress.parse("0a:aa:aa:00:00:02"),
                MacAddress.parse("0a:aa:aa:00:00:01"), EthernetHeader.TYPE_IPV4)));
        Packet p = inner.encapsulate(List.of(ETH, new Ipv4Header(0, 1, false, false, 0, 64, 17, NODE1, NODE2),
                new UdpHeader(52311, 6081), g));
        assertEquals("       3.000us  node1/eth0               TX         eth0 sends\n"
                + "                tunnel geneve vni 5: outer 192.168.1.10 -> 192.168.1.11 port 6081, +58 bytes\n"
                + "                packet: Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4 | IPv4 192.168.1.10 > 192.168.1.11"
                + " ttl 64 proto udp id 1 | UDP 52311 > 6081 | GENEVE vni 5 options 8 bytes critical\n"
                + "                 inner: Ethernet 0a:aa:aa:00:00:01 > 0a:aa:aa:00:00:02 type IPv4 | IPv4 10.244.0.5 > 10.244.1.7"
                + " ttl 63 proto udp id 7 DF | UDP 5000 > 53 | 2 bytes\n",
                TextTraceRenderer.format(tx(p, new Decision.Tunnel("geneve", 5, "192.168.1.10", "192.168.1.11", 6081, 58)), true));
        assertEquals("{\"layer\":\"geneve\",\"vni\":5,\"protocol_type\":\"0x6558\",\"oam\":false,\"critical\":true,"
                + "\"options_length\":8,\"options\":[{\"class\":\"0x0102\",\"type\":128,\"critical\":true,\"data\":\"00010002\"}]}",
                JsonTraceRenderer.layer(g).toString());
    }

    @Test
    void ipipShowsTheInnerPacketOnItsOwnLine() {
        Packet p = L3.encapsulate(List.of(ETH, new Ipv4Header(0, 2, true, false, 0, 63, Ipv4Header.PROTO_IPIP, NODE1, NODE2)));
        assertEquals("                packet: Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4 | IPv4 192.168.1.10 > 192.168.1.11"
                + " ttl 63 proto ipip id 2 DF\n"
                + "                 inner: IPv4 10.244.0.5 > 10.244.1.7 ttl 63 proto udp id 7 DF | UDP 5000 > 53 | 2 bytes",
                TextTraceRenderer.format(tx(p, null), true).lines().skip(1).reduce((a, b) -> a + "\n" + b).orElseThrow());
        assertEquals("ipip", JsonTraceRenderer.packet(p).get("layers").get(1).get("protocol").asText());
    }

    @Test
    void wireguardKeepsTheEncryptedPacketOpaque() {
        WireguardHeader w = new WireguardHeader(0x1a2b3c4dL, 7);
        Packet p = Packet.of(WireguardHeader.seal(L3, 1420), ETH, new Ipv4Header(0, 3, false, false, 0, 64, 17, NODE1, NODE2),
                new UdpHeader(51820, 51820), w);
        assertEquals("                packet: Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4 | IPv4 192.168.1.10 > 192.168.1.11"
                + " ttl 64 proto udp id 3 | UDP 51820 > 51820 | WireGuard transport receiver 0x1a2b3c4d counter 7 | 48 bytes",
                TextTraceRenderer.format(tx(p, null), true).lines().skip(1).findFirst().orElseThrow());
        assertEquals("{\"layer\":\"wireguard\",\"message_type\":4,\"receiver_index\":439041101,\"counter\":7}",
                JsonTraceRenderer.layer(w).toString());
        assertEquals("{\"layer\":\"wireguard\",\"message_type\":4,\"receiver_index\":0,\"counter\":18446744073709551615}",
                JsonTraceRenderer.layer(new WireguardHeader(0, -1)).toString());
        assertEquals(48, JsonTraceRenderer.packet(p).get("payload_length").asInt(), "30 bytes of plaintext, 2 of padding, 16 of tag");
    }
}
