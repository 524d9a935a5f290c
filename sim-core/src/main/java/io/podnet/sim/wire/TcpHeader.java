package io.podnet.sim.wire;

import java.nio.ByteBuffer;

/**
 * TCP header. Options kept: MSS ({@code mss} 0 = absent), window scale ({@code windowScale} -1 =
 * absent) and SACK-permitted; others are skipped when decoding. The checksum is derived at encode
 * time. Sequence and acknowledgement numbers are unsigned 32-bit values held in longs.
 */
public record TcpHeader(int srcPort, int dstPort, long seq, long ack, int flags, int window, int mss, int windowScale,
                        boolean sackPermitted) implements Header {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public TcpHeader {
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("TCP port out of range: " + srcPort + " > " + dstPort);
        }
        if (seq < 0 || seq > 0xffffffffL || ack < 0 || ack > 0xffffffffL) {
            throw new IllegalArgumentException("TCP seq/ack must be unsigned 32-bit");
        }
        if (flags < 0 || flags > 0x1ff || window < 0 || window > 0xffff) {
            throw new IllegalArgumentException("TCP flags/window out of range");
        }
        if (mss < 0 || mss > 0xffff || windowScale < -1 || windowScale > 14) {
            throw new IllegalArgumentException("TCP option out of range: mss=" + mss + " wscale=" + windowScale);
        }
    }

    /** A segment without options. */
    public static TcpHeader of(int srcPort, int dstPort, long seq, long ack, int flags, int window) {
        return new TcpHeader(srcPort, dstPort, seq, ack, flags, window, 0, -1, false);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public TcpHeader withPorts(int s, int d) {
        return new TcpHeader(s, d, seq, ack, flags, window, mss, windowScale, sackPermitted);
    }

    private int optionsLength() {
        int n = (mss > 0 ? 4 : 0) + (sackPermitted ? 2 : 0) + (windowScale >= 0 ? 3 : 0);
        return (n + 3) & ~3;
    }

    @Override
    public int encodedLength() {
        return 20 + optionsLength();
    }

    /** Writes the header with a zero checksum; {@link Packet#encode()} fills it in. */
    public void encode(ByteBuffer buf) {
        int hlen = encodedLength();
        buf.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        buf.putShort((short) ((hlen / 4) << 12 | flags)).putShort((short) window).putShort((short) 0).putShort((short) 0);
        int written = 0;
        if (mss > 0) {
            buf.put((byte) 2).put((byte) 4).putShort((short) mss);
            written += 4;
        }
        if (sackPermitted) {
            buf.put((byte) 4).put((byte) 2);
            written += 2;
        }
        if (windowScale >= 0) {
            buf.put((byte) 1).put((byte) 3).put((byte) 3).put((byte) windowScale); // NOP + wscale
            written += 4;
            // the NOP above keeps wscale aligned; account for it in the padding below
        }
        int pad = optionsLengthWithNop() - written;
        for (int i = 0; i < pad; i++) {
            buf.put((byte) 1);
        }
    }

    private int optionsLengthWithNop() {
        return optionsLength();
    }

    public static TcpHeader decode(ByteBuffer buf) {
        WireException.need(buf, 20, "TCP header");
        int start = buf.position();
        int s = buf.getShort() & 0xffff;
        int d = buf.getShort() & 0xffff;
        long seq = buf.getInt() & 0xffffffffL;
        long ack = buf.getInt() & 0xffffffffL;
        int offFlags = buf.getShort() & 0xffff;
        int hlen = (offFlags >>> 12) * 4;
        int flags = offFlags & 0x1ff;
        int win = buf.getShort() & 0xffff;
        buf.getShort(); // checksum, verified by Packet.decode
        buf.getShort(); // urgent pointer
        if (hlen < 20) {
            throw new WireException("TCP data offset " + hlen + " < 20");
        }
        WireException.need(buf, hlen - 20, "TCP options");
        int end = start + hlen;
        int mss = 0;
        int ws = -1;
        boolean sack = false;
        while (buf.position() < end) {
            int kind = buf.get() & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                continue;
            }
            if (buf.position() >= end) {
                throw new WireException("TCP option truncated");
            }
            int len = buf.get() & 0xff;
            if (len < 2 || buf.position() + len - 2 > end) {
                throw new WireException("TCP option length " + len + " is invalid");
            }
            switch (kind) {
                case 2 -> mss = len == 4 ? buf.getShort() & 0xffff : skip(buf, len - 2);
                case 3 -> ws = len == 3 ? Math.min(14, buf.get() & 0xff) : skip(buf, len - 2) - 1;
                case 4 -> sack = true;
                default -> skip(buf, len - 2);
            }
        }
        buf.position(end);
        return new TcpHeader(s, d, seq, ack, flags, win, mss, ws, sack);
    }

    private static int skip(ByteBuffer buf, int n) {
        buf.position(buf.position() + n);
        return 0;
    }

    public static String flagString(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & SYN) != 0) {
            sb.append('S');
        }
        if ((flags & FIN) != 0) {
            sb.append('F');
        }
        if ((flags & RST) != 0) {
            sb.append('R');
        }
        if ((flags & PSH) != 0) {
            sb.append('P');
        }
        if ((flags & ACK) != 0) {
            sb.append('.');
        }
        return sb.toString();
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder("TCP ").append(srcPort).append(" > ").append(dstPort)
                .append(" [").append(flagString(flags)).append("] seq ").append(seq);
        if (has(ACK)) {
            sb.append(" ack ").append(ack);
        }
        sb.append(" win ").append(window);
        if (mss > 0) {
            sb.append(" mss ").append(mss);
        }
        return sb.toString();
    }
}
