package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * </ul>
 */
final class PacketDecoder {
    private PacketDecoder() {}

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
        if (options == null) {
            options = DecodeOptions.NONE;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Header> headers = new ArrayList<>();
        boolean atIp = startAtIp;
        while (true) {
            if (!atIp) {
                EthernetHeader eth = EthernetHeader.decode(buf);
                headers.add(eth);
                if (eth.etherType() == EthernetHeader.TYPE_ARP) {
                    headers.add(ArpPacket.decode(buf));
                    return finish(headers, bytes, buf.position(), buf.position()); // trailing padding dropped
                }
                if (eth.etherType() != EthernetHeader.TYPE_IPV4) {
                    return finish(headers, bytes, buf.position(), buf.limit());
                }
            }
            atIp = false;
            int ipStart = buf.position();
            Ipv4Header.Decoded d = Ipv4Header.decode(buf);
            Ipv4Header ip = d.header();
            headers.add(ip);
            int ipEnd = ipStart + d.totalLength();
            if (ipEnd > buf.limit()) {
                throw new WireException("IPv4 total length " + d.totalLength() + " runs past the "
                        + (buf.limit() - ipStart) + " bytes available");
            }
            buf.limit(ipEnd);
            if (ip.isFragment()) {
                return finish(headers, bytes, buf.position(), ipEnd);
            }
            int l4 = buf.position();
            int l4len = ipEnd - l4;
            switch (ip.protocol()) {
                case Ipv4Header.PROTO_ICMP -> {
                    WireException.need(buf, IcmpHeader.LENGTH, "ICMP header");
                    if (Checksums.ones(bytes, l4, l4len, 0) != 0) {
                        throw new WireException("ICMP checksum is wrong");
                    }
                    headers.add(IcmpHeader.decode(buf));
                    return finish(headers, bytes, buf.position(), ipEnd);
                }
                case Ipv4Header.PROTO_TCP -> {
                    WireException.need(buf, TcpHeader.MIN_LENGTH, "TCP header");
                    verifyPseudo(bytes, l4, l4len, ip, Ipv4Header.PROTO_TCP, "TCP");
                    headers.add(TcpHeader.decode(buf));
                    return finish(headers, bytes, buf.position(), ipEnd);
                }
                case Ipv4Header.PROTO_UDP -> {
                    UdpHeader.Decoded u = UdpHeader.decode(buf);
                    if (u.length() > l4len) {
                        throw new WireException("UDP length " + u.length() + " runs past the IPv4 payload of " + l4len);
                    }
                    int udpEnd = l4 + u.length();
                    buf.limit(udpEnd);
                    if (u.header().checksummed()) {
                        verifyPseudo(bytes, l4, u.length(), ip, Ipv4Header.PROTO_UDP, "UDP");
                    }
                    headers.add(u.header());
                    int dport = u.header().dstPort();
                    if (options.vxlanPorts().contains(dport) && buf.remaining() >= VxlanHeader.LENGTH + EthernetHeader.LENGTH) {
                        headers.add(VxlanHeader.decode(buf));
                        continue; // the inner Ethernet frame
                    }
                    if (options.genevePorts().contains(dport) && buf.remaining() >= GeneveHeader.BASE_LENGTH) {
                        GeneveHeader g = GeneveHeader.decode(buf);
                        headers.add(g);
                        if (g.protocolType() == GeneveHeader.PROTO_ETHERNET && buf.remaining() >= EthernetHeader.LENGTH) {
                            continue; // the inner Ethernet frame
                        }
                        if (g.protocolType() == GeneveHeader.PROTO_IPV4 && buf.remaining() >= Ipv4Header.LENGTH) {
                            atIp = true;
                            continue; // the inner IPv4 packet
                        }
                        return finish(headers, bytes, buf.position(), udpEnd);
                    }
                    boolean wg = options.wireguardPorts().contains(dport)
                            || options.wireguardPorts().contains(u.header().srcPort());
                    if (wg && WireguardHeader.isTransportData(buf)) {
                        headers.add(WireguardHeader.decode(buf));
                    }
                    return finish(headers, bytes, buf.position(), udpEnd);
                }
                case Ipv4Header.PROTO_IPIP -> {
                    if (l4len < Ipv4Header.LENGTH) {
                        return finish(headers, bytes, buf.position(), ipEnd);
                    }
                    int innerTotal = (bytes[l4 + 2] & 0xff) << 8 | (bytes[l4 + 3] & 0xff);
                    if (innerTotal != l4len) {
                        throw new WireException("IPIP: inner IPv4 total length " + innerTotal
                                + " does not match the outer payload of " + l4len + " bytes");
                    }
                    atIp = true;
                    continue; // the inner IPv4 packet
                }
                default -> {
                    return finish(headers, bytes, buf.position(), ipEnd);
                }
            }
        }
    }

    private static void verifyPseudo(byte[] frame, int off, int len, Ipv4Header ip, int proto, String what) {
        long pseudo = Checksums.pseudoHeader(ip.src().bits(), ip.dst().bits(), proto, len);
        if (Checksums.ones(frame, off, len, pseudo) != 0) {
            throw new WireException(what + " checksum is wrong (" + ip.src() + " > " + ip.dst() + ")");
        }
    }

    private static Packet finish(List<Header> headers, byte[] frame, int from, int to) {
        return new Packet(headers, Arrays.copyOfRange(frame, from, Math.max(from, to)));
    }
}
