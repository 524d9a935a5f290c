package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads wire bytes back into a {@link Packet}, verifying lengths and checksums.
 *
 * <ul>
 *   <li>Ethernet padding after an ARP packet or an IPv4 datagram (frames shorter than 60 bytes on a
 *       real NIC) is dropped: the payload ends where the IPv4 total length or UDP length says.</li>
 *   <li>IPv4 options are skipped (the decoded header has none, so it re-encodes with IHL 5).</li>
 *   <li>A fragment (MF set or a non-zero offset) is an IPv4 header followed by raw payload bytes;
 *       {@link Ipv4Fragments#reassemble} turns fragments back into the datagram.</li>
 *   <li>A UDP datagram to one of the {@link DecodeOptions} VXLAN ports carrying at least a VXLAN and
 *       an Ethernet header is decoded through: VXLAN, then the inner frame.</li>
 *   <li>A UDP datagram to a GENEVE port is decoded through the GENEVE header (and its options) to the
 *       inner Ethernet frame (protocol type 0x6558) or IPv4 packet (0x0800); other protocol types
 *       leave the rest as payload.</li>
 *   <li>A UDP datagram from or to a WireGuard port that holds a transport data message (type 4 and
 *       room for the tag) gets a {@link WireguardHeader}; the encrypted packet stays the payload
 *       ({@link WireguardHeader#open} recovers the simulated inner packet). Handshake messages stay
 *       payload.</li>
 *   <li>IPv4 protocol 4 (IPIP) is followed into the inner IPv4 header, whose total length must
 *       fill the outer payload exactly.</li>
 *   <li>A zero UDP checksum means "not computed" and is not verified.</li>
 *   <li>SCTP (IPv4 protocol 132) is one {@link SctpHeader} holding every chunk; its CRC32c is verified.</li>
 * </ul>
 *
 * <p>Which decoder reads the next header is looked up in registries keyed as the wire keys it: the
 * Ethernet type ({@link #BY_ETHERTYPE}), the IPv4 protocol ({@link #BY_IP_PROTOCOL}) and, for UDP,
 * the tunnel ports a {@link DecodeOptions} names ({@link #udpTunnel}). Each decoder reads its
 * header at the cursor and returns the decoder of what follows, or null when the rest (up to the
 * cursor's end) is payload.
 */
final class PacketDecoder {
    private PacketDecoder() {}

    /** Reads one header at the cursor; returns the decoder of the next one, or null: the rest is payload. */
    @FunctionalInterface
    interface Step {
        Step read(Cursor c);
    }

    /** The bytes being decoded, the headers so far, and where the payload ends (the innermost length field). */
    static final class Cursor {
        final byte[] bytes;
        final ByteBuffer buf;
        final DecodeOptions options;
        final List<Header> headers = new ArrayList<>();
        Ipv4Header ip;
        int end;

        Cursor(byte[] bytes, DecodeOptions options) {
            this.bytes = bytes;
            this.buf = ByteBuffer.wrap(bytes);
            this.options = options;
            this.end = bytes.length;
        }

        /** Bounds the rest of the decoding (and the payload) to {@code newEnd}. */
        void limit(int newEnd) {
            buf.limit(newEnd);
            end = newEnd;
        }
    }

    /** What follows an Ethernet header, by its type; any other type is payload. */
    static final Map<Integer, Step> BY_ETHERTYPE = Map.of(
            EthernetHeader.TYPE_ARP, PacketDecoder::arp,
            EthernetHeader.TYPE_IPV4, PacketDecoder::ipv4);

    /** What follows an (unfragmented) IPv4 header, by its protocol; any other protocol is payload. */
    static final Map<Integer, Step> BY_IP_PROTOCOL = Map.of(
            Ipv4Header.PROTO_ICMP, PacketDecoder::icmp,
            Ipv4Header.PROTO_IPIP, PacketDecoder::ipip,
            Ipv4Header.PROTO_TCP, PacketDecoder::tcp,
            Ipv4Header.PROTO_UDP, PacketDecoder::udp,
            Ipv4Header.PROTO_SCTP, PacketDecoder::sctp);

    static Packet decode(byte[] frame, DecodeOptions options) {
        return decode(frame, options, false);
    }

    static Packet decodeIpv4(byte[] datagram, DecodeOptions options) {
        return decode(datagram, options, true);
    }

    private static Packet decode(byte[] bytes, DecodeOptions options, boolean startAtIp) {
        if (bytes == null) {
            throw new IllegalArgumentException("no bytes to decode");
        }
        Cursor c = new Cursor(bytes, options == null ? DecodeOptions.NONE : options);
        Step step = startAtIp ? PacketDecoder::ipv4 : PacketDecoder::ethernet;
        while (step != null) {
            step = step.read(c);
        }
        int from = c.buf.position();
        return new Packet(c.headers, Arrays.copyOfRange(bytes, from, Math.max(from, c.end)));
    }

    private static Step ethernet(Cursor c) {
        EthernetHeader eth = EthernetHeader.decode(c.buf);
        c.headers.add(eth);
        return BY_ETHERTYPE.get(eth.etherType());
    }

    private static Step arp(Cursor c) {
        c.headers.add(ArpPacket.decode(c.buf));
        c.end = c.buf.position(); // trailing padding dropped
        return null;
    }

    private static Step ipv4(Cursor c) {
        ByteBuffer buf = c.buf;
        int ipStart = buf.position();
        Ipv4Header.Decoded d = Ipv4Header.decode(buf);
        Ipv4Header ip = d.header();
        c.headers.add(ip);
        c.ip = ip;
        int ipEnd = ipStart + d.totalLength();
        if (ipEnd > buf.limit()) {
            throw new WireException("IPv4 total length " + d.totalLength() + " runs past the "
                    + (buf.limit() - ipStart) + " bytes available");
        }
        c.limit(ipEnd);
        return ip.isFragment() ? null : BY_IP_PROTOCOL.get(ip.protocol());
    }

    private static Step icmp(Cursor c) {
        int l4 = c.buf.position();
        WireException.need(c.buf, IcmpHeader.LENGTH, "ICMP header");
        if (Checksums.ones(c.bytes, l4, c.end - l4, 0) != 0) {
            throw new WireException("ICMP checksum is wrong");
        }
        c.headers.add(IcmpHeader.decode(c.buf));
        return null;
    }

    private static Step tcp(Cursor c) {
        int l4 = c.buf.position();
        WireException.need(c.buf, TcpHeader.MIN_LENGTH, "TCP header");
        verifyPseudo(c.bytes, l4, c.end - l4, c.ip, Ipv4Header.PROTO_TCP, "TCP");
        c.headers.add(TcpHeader.decode(c.buf));
        return null;
    }

    private static Step sctp(Cursor c) {
        int l4 = c.buf.position();
        WireException.need(c.buf, SctpHeader.COMMON_LENGTH, "SCTP common header");
        if (!SctpHeader.checksumValid(c.bytes, l4, c.end - l4)) {
            throw new WireException("SCTP checksum (CRC32c) is wrong (" + c.ip.src() + " > " + c.ip.dst() + ")");
        }
        c.headers.add(SctpHeader.decode(c.buf));
        return null;
    }

    private static Step udp(Cursor c) {
        int l4 = c.buf.position();
        int l4len = c.end - l4;
        UdpHeader.Decoded u = UdpHeader.decode(c.buf);
        if (u.length() > l4len) {
            throw new WireException("UDP length " + u.length() + " runs past the IPv4 payload of " + l4len);
        }
        c.limit(l4 + u.length());
        if (u.header().checksummed()) {
            verifyPseudo(c.bytes, l4, u.length(), c.ip, Ipv4Header.PROTO_UDP, "UDP");
        }
        c.headers.add(u.header());
        return udpTunnel(c, u.header().srcPort(), u.header().dstPort());
    }

    /**
     * The tunnel a UDP datagram carries, keyed by port as the cursor's {@link DecodeOptions} names
     * them and when there is room for it: VXLAN (with an inner Ethernet header), then GENEVE by
     * destination port, then WireGuard by destination or source port; null: the rest is payload.
     */
    static Step udpTunnel(Cursor c, int srcPort, int dstPort) {
        DecodeOptions o = c.options;
        int room = c.buf.remaining();
        if (o.vxlanPorts().contains(dstPort) && room >= VxlanHeader.LENGTH + EthernetHeader.LENGTH) {
            return PacketDecoder::vxlan;
        }
        if (o.genevePorts().contains(dstPort) && room >= GeneveHeader.BASE_LENGTH) {
            return PacketDecoder::geneve;
        }
        if (o.wireguardPorts().contains(dstPort) || o.wireguardPorts().contains(srcPort)) {
            return PacketDecoder::wireguard;
        }
        return null;
    }

    private static Step vxlan(Cursor c) {
        c.headers.add(VxlanHeader.decode(c.buf));
        return PacketDecoder::ethernet;
    }

    private static Step geneve(Cursor c) {
        GeneveHeader g = GeneveHeader.decode(c.buf);
        c.headers.add(g);
        if (g.protocolType() == GeneveHeader.PROTO_ETHERNET && c.buf.remaining() >= EthernetHeader.LENGTH) {
            return PacketDecoder::ethernet;
        }
        if (g.protocolType() == GeneveHeader.PROTO_IPV4 && c.buf.remaining() >= Ipv4Header.LENGTH) {
            return PacketDecoder::ipv4;
        }
        return null;
    }

    private static Step wireguard(Cursor c) {
        if (WireguardHeader.isTransportData(c.buf)) {
            c.headers.add(WireguardHeader.decode(c.buf));
        }
        return null;
    }

    private static Step ipip(Cursor c) {
        int l4 = c.buf.position();
        int l4len = c.end - l4;
        if (l4len < Ipv4Header.LENGTH) {
            return null;
        }
        int innerTotal = (c.bytes[l4 + 2] & 0xff) << 8 | (c.bytes[l4 + 3] & 0xff);
        if (innerTotal != l4len) {
            throw new WireException("IPIP: inner IPv4 total length " + innerTotal
                    + " does not match the outer payload of " + l4len + " bytes");
        }
        return PacketDecoder::ipv4;
    }

    private static void verifyPseudo(byte[] frame, int off, int len, Ipv4Header ip, int proto, String what) {
        long pseudo = Checksums.pseudoHeader(ip.src().bits(), ip.dst().bits(), proto, len);
        if (Checksums.ones(frame, off, len, pseudo) != 0) {
            throw new WireException(what + " checksum is wrong (" + ip.src() + " > " + ip.dst() + ")");
        }
    }
}
