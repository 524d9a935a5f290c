package io.podnet.sim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips of GENEVE, IPIP and WireGuard frames over generated headers (fixed seeds: runs repeat). */
class TunnelPropertiesTest {
    private static final EthernetHeader ETH = new EthernetHeader(MacAddress.parse("02:00:00:00:0a:02"),
            MacAddress.parse("02:00:00:00:0a:01"), EthernetHeader.TYPE_IPV4);
    private static final Ipv4Address A = Ipv4Address.parse("192.168.1.10");
    private static final Ipv4Address B = Ipv4Address.parse("192.168.2.20");

    private static Arbitrary<Packet> innerL3() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(1, 255),
                Arbitraries.integers().between(0, 0xffff), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((id, ttl, port, data) -> Packet.of(data, new Ipv4Header(0, id, true, false, 0, ttl, Ipv4Header.PROTO_UDP,
                        Ipv4Address.parse("10.244.0.5"), Ipv4Address.parse("10.244.3.9")), new UdpHeader(port, 8080)));
    }

    private static Arbitrary<GeneveHeader.Option> options() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 8)).as((c, t, words) -> new GeneveHeader.Option(c, t, new byte[words * 4]));
    }

    @Provide
    Arbitrary<Packet> geneveFrames() {
        return Combinators.combine(innerL3(), Arbitraries.integers().between(0, 0xffffff), options().list().ofMaxSize(5),
                Arbitraries.integers().between(1, 0xffff), Arbitraries.of(true, false))
                .as((l3, vni, opts, sport, oam) -> l3.encapsulate(List.of(ETH, new Ipv4Header(0, 1, false, false, 0, 64, 17, A, B),
                        new UdpHeader(sport, GeneveHeader.PORT), new GeneveHeader(oam, opts.stream().anyMatch(GeneveHeader.Option::critical),
                                GeneveHeader.PROTO_ETHERNET, vni, opts), new EthernetHeader(MacAddress.parse("0a:aa:aa:00:00:02"),
                                MacAddress.parse("0a:aa:aa:00:00:01"), EthernetHeader.TYPE_IPV4))));
    }

    @Provide
    Arbitrary<Packet> ipipFrames() {
        return Combinators.combine(innerL3(), Arbitraries.integers().between(1, 255), Arbitraries.of(true, false))
                .as((l3, ttl, df) -> l3.encapsulate(List.of(ETH, new Ipv4Header(0, 9, df, false, 0, ttl, Ipv4Header.PROTO_IPIP, A, B))));
    }

    @Provide
    Arbitrary<Packet> wireguardFrames() {
        return Combinators.combine(innerL3(), Arbitraries.longs().between(0, 0xffffffffL), Arbitraries.longs(),
                Arbitraries.integers().between(576, 9000))
                .as((l3, idx, ctr, mtu) -> Packet.of(WireguardHeader.seal(l3, mtu), ETH,
                        new Ipv4Header(0, 2, false, false, 0, 64, 17, A, B), new UdpHeader(WireguardHeader.PORT, WireguardHeader.PORT),
                        new WireguardHeader(idx, ctr)));
    }

    @Property(seed = "20250601")
    void geneveRoundTrips(@ForAll("geneveFrames") Packet p) {
        byte[] bytes = p.encode();
        Packet back = Packet.decodeEthernet(bytes, DecodeOptions.DEFAULT);
        assertEquals(p, back);
        assertArrayEquals(bytes, back.encode());
        assertEquals(50 + back.first(GeneveHeader.class).optionsLength(), p.lengthFrom(1) - p.lengthFrom(5));
    }

    @Property(seed = "20250601")
    void ipipRoundTripsAndTruncationIsRejected(@ForAll("ipipFrames") Packet p, @ForAll @IntRange(min = 1, max = 400) int cut) {
        byte[] bytes = p.encode();
        assertEquals(p, Packet.decodeEthernet(bytes, DecodeOptions.NONE));
        byte[] shorter = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
        assertThrows(WireException.class, () -> Packet.decodeEthernet(shorter, DecodeOptions.NONE));
    }

    @Property(seed = "20250601")
    void wireguardRoundTripsAndOpens(@ForAll("wireguardFrames") Packet p) {
        byte[] bytes = p.encode();
        Packet back = Packet.decodeEthernet(bytes, DecodeOptions.DEFAULT);
        assertEquals(p, back);
        Packet inner = WireguardHeader.open(back.payload(), DecodeOptions.DEFAULT).orElseThrow();
        assertEquals(0, (back.payloadLength() - WireguardHeader.TAG_LENGTH) % 16, "inner packets below the MTU pad to 16");
        assertEquals(p.lengthFrom(1) - inner.length(), WireguardHeader.OVERHEAD
                + WireguardHeader.padding(inner.length(), 0), "60 bytes plus padding below the MTU");
    }
}
