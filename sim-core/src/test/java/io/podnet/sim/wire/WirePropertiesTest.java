package io.podnet.sim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round-trip and corruption properties over generated headers and packets (fixed seeds: runs repeat). */
class WirePropertiesTest {
    private static final Set<Integer> VXLAN = Set.of(8472);

    private static Arbitrary<MacAddress> macs() {
        return Arbitraries.longs().between(0, 0xffff_ffff_ffffL).map(MacAddress::new);
    }

    private static Arbitrary<Ipv4Address> ips() {
        return Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE).map(Ipv4Address::new);
    }

    private static Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    private static Arbitrary<byte[]> payloads(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    private static Arbitrary<Ipv4Header> ipHeaders(int protocol) {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 0xffff),
                Arbitraries.of(true, false), Arbitraries.integers().between(1, 255), ips(), ips())
                .as((tos, id, df, ttl, s, d) -> new Ipv4Header(tos, id, df, false, 0, ttl, protocol, s, d));
    }

    @Provide
    Arbitrary<TcpHeader> tcpHeaders() {
        Arbitrary<TcpHeader.Timestamps> ts = Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.longs().between(0, 0xffffffffL)).as(TcpHeader.Timestamps::new).injectNull(0.4);
        Arbitrary<long[]> seqAck = Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.longs().between(0, 0xffffffffL)).as((a, b) -> new long[] {a, b});
        return Combinators.combine(ports(), ports(), seqAck, Arbitraries.integers().between(0, 0x1ff),
                Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 0xffff),
                Arbitraries.integers().between(-1, 14), Arbitraries.of(true, false))
                .as((s, d, sa, f, w, mss, ws, sack) -> new TcpHeader(s, d, sa[0], sa[1], f, w, mss, ws, sack, null))
                .flatMap(t -> ts.map(t::withTimestamps));
    }

    @Provide
    Arbitrary<Packet> l4Packets() {
        Arbitrary<List<Header>> tcp = Combinators.combine(ipHeaders(6), tcpHeaders()).as(List::<Header>of);
        Arbitrary<List<Header>> udp = Combinators.combine(ipHeaders(17), ports(), ports(), Arbitraries.of(true, false))
                .as((ip, s, d, c) -> List.<Header>of(ip, new UdpHeader(s, d == 8472 ? 8473 : d, c)));
        Arbitrary<List<Header>> icmp = Combinators.combine(ipHeaders(1), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.integers())
                .as((ip, t, c, r) -> List.<Header>of(ip, new IcmpHeader(t, c, r)));
        return Combinators.combine(macs(), macs(), Arbitraries.oneOf(tcp, udp, icmp), payloads(300))
                .as((dst, src, l3, payload) -> {
                    List<Header> hs = new ArrayList<>();
                    hs.add(new EthernetHeader(dst, src, EthernetHeader.TYPE_IPV4));
                    hs.addAll(l3);
                    return new Packet(hs, payload);
                });
    }

    @Provide
    Arbitrary<Packet> checksummedPackets() {
        return l4Packets().filter(p -> p.last(UdpHeader.class) == null);
    }

    @Provide
    Arbitrary<Packet> anyFrames() {
        Arbitrary<Packet> arp = Combinators.combine(Arbitraries.of(1, 2), macs(), ips(), macs(), ips())
                .as(ArpPacket::new).map(ArpPacket::inFrame);
        Arbitrary<Packet> vxlan = Combinators.combine(l4Packets(), ipHeaders(17), ports(), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 0xffffff), macs())
                .as((inner, outerIp, sport, csum, vni, mac) -> inner.encapsulate(List.of(
                        new EthernetHeader(mac, mac, EthernetHeader.TYPE_IPV4), outerIp, new UdpHeader(sport, 8472, csum),
                        new VxlanHeader(vni))));
        return Arbitraries.oneOf(l4Packets(), arp, vxlan);
    }

    @Property(seed = "20250601")
    void framesRoundTrip(@ForAll("anyFrames") Packet p) {
        byte[] bytes = p.encode();
        assertEquals(p.length(), bytes.length);
        Packet back = Packet.decodeEthernet(bytes, VXLAN);
        assertEquals(p, back);
        assertArrayEquals(bytes, back.encode());
    }

    @Property(seed = "20250601")
    void tcpHeadersRoundTrip(@ForAll("tcpHeaders") TcpHeader t) {
        ByteBuffer b = ByteBuffer.allocate(t.encodedLength());
        t.encode(b);
        assertEquals(t.encodedLength(), b.position());
        assertEquals(t, TcpHeader.decode(ByteBuffer.wrap(b.array())));
    }

    @Property(seed = "20250601")
    void truncatedFramesAreRejected(@ForAll("anyFrames") Packet p, @ForAll @IntRange(min = 1, max = 400) int cut) {
        byte[] bytes = p.encode();
        int keep = Math.max(0, bytes.length - cut);
        byte[] shorter = Arrays.copyOf(bytes, keep);
        assertThrows(WireException.class, () -> Packet.decodeEthernet(shorter, VXLAN));
    }

    @Property(seed = "20250601")
    void anySingleBitFlipAfterEthernetIsDetected(@ForAll("checksummedPackets") Packet p,
                                                 @ForAll @IntRange(min = 0, max = 100_000) int where) {
        byte[] bytes = p.encode();
        int bit = EthernetHeader.LENGTH * 8 + where % ((bytes.length - EthernetHeader.LENGTH) * 8);
        bytes[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        assertThrows(WireException.class, () -> Packet.decodeEthernet(bytes, VXLAN));
    }

    @Property(seed = "20250601")
    void fragmentationRoundTrips(@ForAll("l4Packets") Packet p, @ForAll @IntRange(min = 68, max = 1500) int mtu) {
        Ipv4Header ip = p.first(Ipv4Header.class);
        Packet mayFragment = p.with(1, new Ipv4Header(ip.tos(), ip.identification(), false, false, 0, ip.ttl(),
                ip.protocol(), ip.src(), ip.dst()));
        List<Packet> frags = Ipv4Fragments.fragment(mayFragment, 1, mtu);
        for (Packet f : frags) {
            if (frags.size() > 1) {
                assertEquals(true, f.lengthFrom(1) <= mtu);
                assertEquals(f, Packet.decodeEthernet(f.encode(), VXLAN));
            }
        }
        Packet back = frags.size() == 1 ? frags.get(0) : Ipv4Fragments.reassemble(frags, 1, VXLAN);
        assertEquals(mayFragment, back);
    }
}
