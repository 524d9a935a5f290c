package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * UDP header. Length and checksum are derived at encode time; {@code checksummed=false} sends a
 * zero checksum ("no checksum", RFC 768), as a Linux VXLAN device created with {@code noudpcsum}
 * does for its outer header. A computed checksum of zero goes on the wire as 0xffff.
 */
public record UdpHeader(int srcPort, int dstPort, boolean checksummed) implements Header {
    public static final int LENGTH = 8;

    public UdpHeader {
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("UDP port out of range: " + srcPort + " > " + dstPort);
        }
    }

    public UdpHeader(int srcPort, int dstPort) {
        this(srcPort, dstPort, true);
    }

    public UdpHeader withSrcPort(int p) {
        return new UdpHeader(p, dstPort, checksummed);
    }

    public UdpHeader withDstPort(int p) {
        return new UdpHeader(srcPort, p, checksummed);
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    /** Writes ports and length with a zero checksum; {@link Packet#encode()} fills the checksum in. */
    @Override
    public void encode(ByteBuffer buf, int udpLength) {
        buf.putShort((short) srcPort).putShort((short) dstPort).putShort((short) udpLength).putShort((short) 0);
    }

    /** Decoded header plus its length field. */
    public record Decoded(UdpHeader header, int length) {}

    public static Decoded decode(ByteBuffer buf) {
        WireException.need(buf, LENGTH, "UDP header");
        int s = buf.getShort() & 0xffff;
        int d = buf.getShort() & 0xffff;
        int len = buf.getShort() & 0xffff;
        int csum = buf.getShort() & 0xffff;
        if (len < LENGTH) {
            throw new WireException("UDP length " + len + " < 8");
        }
        return new Decoded(new UdpHeader(s, d, csum != 0), len);
    }

    @Override
    public String summary() {
        return "UDP " + srcPort + " > " + dstPort;
    }

    /** The checksum over the pseudo header and the datagram; none when unchecksummed, fragmented or without IPv4. */
    @Override
    public void fillChecksum(byte[] frame, int offset, int length, Ipv4Header ip) {
        if (!checksummed || ip == null || ip.isFragment()) {
            return;
        }
        long pseudo = Checksums.pseudoHeader(ip.src().bits(), ip.dst().bits(), Ipv4Header.PROTO_UDP, length);
        int c = Checksums.ones(frame, offset, length, pseudo);
        if (c == 0) {
            c = 0xffff; // RFC 768: a computed zero is sent as all ones
        }
        frame[offset + 6] = (byte) (c >>> 8);
        frame[offset + 7] = (byte) c;
    }

    @Override
    public String title() {
        return "UDP";
    }

    @Override
    public List<HeaderField> fields() {
        return List.of(new HeaderField("src port", Integer.toString(srcPort), 0, 16),
                new HeaderField("dst port", Integer.toString(dstPort), 16, 16),
                new HeaderField("checksum", checksummed ? "computed" : "zero (not used)", 48, 16));
    }

    @Override
    public String layer() {
        return "udp";
    }

    @Override
    public void describe(Attributes out) {
        out.put("src_port", srcPort).put("dst_port", dstPort).put("checksummed", checksummed);
    }
}
