package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Reads wire bytes back into a {@link Packet}, verifying lengths and checksums. */
final class PacketDecoder {
    private PacketDecoder() {}

    static Packet decode(byte[] frame, Set<Integer> vxlanPorts) {
        ByteBuffer buf = ByteBuffer.wrap(frame);
        List<Header> headers = new ArrayList<>();
        int end = frame.length;
        while (true) {
            EthernetHeader eth = EthernetHeader.decode(buf);
            headers.add(eth);
            if (eth.etherType() == EthernetHeader.TYPE_ARP) {
                headers.add(ArpPacket.decode(buf));
                return finish(headers, frame, buf.position(), buf.position()); // trailing padding dropped
            }
            if (eth.etherType() != EthernetHeader.TYPE_IPV4) {
                return finish(headers, frame, buf.position(), end);
            }
            int ipStart = buf.position();
            Ipv4Header.Decoded d = Ipv4Header.decode(buf);
            Ipv4Header ip = d.header();
            headers.add(ip);
            int ipEnd = ipStart + d.totalLength();
            if (ipEnd > end) {
                throw new WireException("IPv4 total length " + d.totalLength() + " runs past the frame");
            }
            end = ipEnd;
            if (ip.isFragment() && ip.fragmentOffset() != 0 || ip.moreFragments()) {
                return finish(headers, frame, buf.position(), end);
            }
            int l4 = buf.position();
            int l4len = end - l4;
            switch (ip.protocol()) {
                case Ipv4Header.PROTO_ICMP -> {
                    if (Checksums.ones(frame, l4, l4len, 0) != 0) {
                        throw new WireException("ICMP checksum is wrong");
                    }
                    headers.add(IcmpHeader.decode(buf));
                    return finish(headers, frame, buf.position(), end);
                }
                case Ipv4Header.PROTO_TCP -> {
                    verifyPseudo(frame, l4, l4len, ip, 6, "TCP");
                    headers.add(TcpHeader.decode(buf));
                    return finish(headers, frame, buf.position(), end);
                }
                case Ipv4Header.PROTO_UDP -> {
                    UdpHeader.Decoded u = UdpHeader.decode(buf);
                    if (u.length() > l4len) {
                        throw new WireException("UDP length " + u.length() + " runs past the IPv4 payload");
                    }
                    end = l4 + u.length();
                    if (u.header().checksummed()) {
                        verifyPseudo(frame, l4, u.length(), ip, 17, "UDP");
                    }
                    headers.add(u.header());
                    boolean vx = vxlanPorts != null && vxlanPorts.contains(u.header().dstPort());
                    if (vx && end - buf.position() >= VxlanHeader.LENGTH + EthernetHeader.LENGTH) {
                        headers.add(VxlanHeader.decode(buf));
                        continue; // inner Ethernet frame
                    }
                    return finish(headers, frame, buf.position(), end);
                }
                default -> {
                    return finish(headers, frame, buf.position(), end);
                }
            }
        }
    }

    private static void verifyPseudo(byte[] frame, int off, int len, Ipv4Header ip, int proto, String what) {
        long pseudo = Checksums.pseudoHeader(ip.src().bits(), ip.dst().bits(), proto, len);
        if (Checksums.ones(frame, off, len, pseudo) != 0) {
            throw new WireException(what + " checksum is wrong");
        }
    }

    private static Packet finish(List<Header> headers, byte[] frame, int from, int to) {
        return new Packet(headers, Arrays.copyOfRange(frame, from, Math.max(from, to)));
    }
}
