package io.podnet.sim.wire;

import java.nio.ByteBuffer;

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
}
