package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP header. Options kept: MSS ({@code mss} 0 = absent), window scale ({@code windowScale} -1 =
 * absent), SACK-permitted and timestamps ({@code timestamps} null = absent); other options (SACK
 * blocks, MD5, ...) are skipped when decoding. The checksum is derived at encode time. Sequence and
 * acknowledgement numbers are unsigned 32-bit values held in longs.
 *
 * <p>Options are written in the order and with the padding Linux uses ({@code tcp_options_write}),
 * so a Linux segment decodes and encodes back to the same bytes:
 * <pre>
 *   MSS                      02 04 mm mm
 *   SACK-permitted + TS      04 02 08 0a vvvvvvvv eeeeeeee     (or 01 01 08 0a ... without SACK)
 *   SACK-permitted alone     01 01 04 02
 *   window scale             01 03 03 ss
 * </pre>
 * Every option group is 4 bytes aligned, so no trailing padding is ever needed.
 */
public record TcpHeader(int srcPort, int dstPort, long seq, long ack, int flags, int window, int mss, int windowScale,
                        boolean sackPermitted, Timestamps timestamps) implements Header {
    public static final int MIN_LENGTH = 20;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    /** The timestamps option (RFC 7323): TSval and TSecr, unsigned 32-bit. */
    public record Timestamps(long value, long echoReply) {
        public Timestamps {
            if (value < 0 || value > 0xffffffffL || echoReply < 0 || echoReply > 0xffffffffL) {
                throw new IllegalArgumentException("TCP timestamps must be unsigned 32-bit, were " + value + "/" + echoReply);
            }
        }
    }

    public TcpHeader {
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("TCP port out of range: " + srcPort + " > " + dstPort);
        }
        if (seq < 0 || seq > 0xffffffffL || ack < 0 || ack > 0xffffffffL) {
            throw new IllegalArgumentException("TCP seq/ack must be unsigned 32-bit, were " + seq + "/" + ack);
        }
        if (flags < 0 || flags > 0x1ff || window < 0 || window > 0xffff) {
            throw new IllegalArgumentException("TCP flags/window out of range: flags=0x" + Integer.toHexString(flags)
                    + " window=" + window);
        }
        if (mss < 0 || mss > 0xffff || windowScale < -1 || windowScale > 14) {
            throw new IllegalArgumentException("TCP option out of range: mss=" + mss + " wscale=" + windowScale);
        }
    }

    /** A header without the timestamps option (the original nine-field form). */
    public TcpHeader(int srcPort, int dstPort, long seq, long ack, int flags, int window, int mss, int windowScale,
                     boolean sackPermitted) {
        this(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, sackPermitted, null);
    }

    /** A segment without options. */
    public static TcpHeader of(int srcPort, int dstPort, long seq, long ack, int flags, int window) {
        return new TcpHeader(srcPort, dstPort, seq, ack, flags, window, 0, -1, false, null);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public TcpHeader withPorts(int s, int d) {
        return new TcpHeader(s, d, seq, ack, flags, window, mss, windowScale, sackPermitted, timestamps);
    }

    public TcpHeader withTimestamps(Timestamps ts) {
        return new TcpHeader(srcPort, dstPort, seq, ack, flags, window, mss, windowScale, sackPermitted, ts);
    }

    /** Bytes of options, always a multiple of 4 (see the class comment for the layout). */
    public int optionsLength() {
        int n = mss > 0 ? 4 : 0;
        if (timestamps != null) {
            n += 12; // SACK-permitted, if any, shares the timestamps word
        } else if (sackPermitted) {
            n += 4;
        }
        if (windowScale >= 0) {
            n += 4;
        }
        return n;
    }

    @Override
    public int encodedLength() {
        return MIN_LENGTH + optionsLength();
    }

    /** Writes the header with a zero checksum; {@link Packet#encode()} fills it in. */
    public void encode(ByteBuffer buf) {
        int hlen = encodedLength();
        buf.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        buf.putShort((short) ((hlen / 4) << 12 | flags)).putShort((short) window).putShort((short) 0).putShort((short) 0);
        if (mss > 0) {
            buf.put((byte) 2).put((byte) 4).putShort((short) mss);
        }
        if (timestamps != null) {
            if (sackPermitted) {
                buf.put((byte) 4).put((byte) 2);
            } else {
                buf.put((byte) 1).put((byte) 1);
            }
            buf.put((byte) 8).put((byte) 10).putInt((int) timestamps.value()).putInt((int) timestamps.echoReply());
        } else if (sackPermitted) {
            buf.put((byte) 1).put((byte) 1).put((byte) 4).put((byte) 2);
        }
        if (windowScale >= 0) {
            buf.put((byte) 1).put((byte) 3).put((byte) 3).put((byte) windowScale);
        }
    }

    /**
     * Reads a header and its options, leaving the buffer after the options. The checksum is not
     * verified here (it needs the pseudo header): {@link Packet#decodeEthernet} does that.
     */
    public static TcpHeader decode(ByteBuffer buf) {
        WireException.need(buf, MIN_LENGTH, "TCP header");
        int start = buf.position();
        int s = buf.getShort() & 0xffff;
        int d = buf.getShort() & 0xffff;
        long seq = buf.getInt() & 0xffffffffL;
        long ack = buf.getInt() & 0xffffffffL;
        int offFlags = buf.getShort() & 0xffff;
        int hlen = (offFlags >>> 12) * 4;
        int flags = offFlags & 0x1ff;
        int win = buf.getShort() & 0xffff;
        buf.getShort(); // checksum
        buf.getShort(); // urgent pointer
        if (hlen < MIN_LENGTH) {
            throw new WireException("TCP data offset " + hlen + " < 20");
        }
        WireException.need(buf, hlen - MIN_LENGTH, "TCP options");
        int end = start + hlen;
        int mss = 0;
        int ws = -1;
        boolean sack = false;
        Timestamps ts = null;
        while (buf.position() < end) {
            int kind = buf.get() & 0xff;
            if (kind == 0) {
                break; // end of option list; the rest is padding
            }
            if (kind == 1) {
                continue;
            }
            if (buf.position() >= end) {
                throw new WireException("TCP option " + kind + " truncated");
            }
            int len = buf.get() & 0xff;
            if (len < 2 || buf.position() + len - 2 > end) {
                throw new WireException("TCP option " + kind + " has invalid length " + len);
            }
            int next = buf.position() + len - 2;
            if (kind == 2 && len == 4) {
                mss = buf.getShort() & 0xffff;
            } else if (kind == 3 && len == 3) {
                ws = Math.min(14, buf.get() & 0xff); // RFC 7323: larger values are treated as 14
            } else if (kind == 4 && len == 2) {
                sack = true;
            } else if (kind == 8 && len == 10) {
                ts = new Timestamps(buf.getInt() & 0xffffffffL, buf.getInt() & 0xffffffffL);
            }
            buf.position(next);
        }
        buf.position(end);
        return new TcpHeader(s, d, seq, ack, flags, win, mss, ws, sack, ts);
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
        if ((flags & URG) != 0) {
            sb.append('U');
        }
        if ((flags & ACK) != 0) {
            sb.append('.');
        }
        return sb.toString();
    }

    /** tcpdump-like: {@code TCP 55068 > 80 [S] seq 1544218360 win 64240 mss 1460 sackOK TS 2093195479/0 wscale 10}. */
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
        if (sackPermitted) {
            sb.append(" sackOK");
        }
        if (timestamps != null) {
            sb.append(" TS ").append(timestamps.value()).append('/').append(timestamps.echoReply());
        }
        if (windowScale >= 0) {
            sb.append(" wscale ").append(windowScale);
        }
        return sb.toString();
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    /** The checksum over the pseudo header and the segment; none for a fragment or without IPv4. */
    @Override
    public void fillChecksum(byte[] frame, int offset, int length, Ipv4Header ip) {
        if (ip == null || ip.isFragment()) {
            return;
        }
        long pseudo = Checksums.pseudoHeader(ip.src().bits(), ip.dst().bits(), Ipv4Header.PROTO_TCP, length);
        int c = Checksums.ones(frame, offset, length, pseudo);
        frame[offset + 16] = (byte) (c >>> 8);
        frame[offset + 17] = (byte) c;
    }

    /** The flags spelled out, e.g. {@code SYN ACK}, or {@code none}. */
    public static String flagNames(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        int[] order = {1, 0, 2, 3, 4, 5};
        StringBuilder sb = new StringBuilder();
        for (int k : order) {
            if ((flags & (1 << k)) != 0) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(names[k]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    @Override
    public String title() {
        return "TCP";
    }

    @Override
    public List<HeaderField> fields() {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField("src port", Integer.toString(srcPort), 0, 16));
        f.add(new HeaderField("dst port", Integer.toString(dstPort), 16, 16));
        f.add(new HeaderField("flags", flagNames(flags), 103, 9));
        f.add(new HeaderField("seq", Long.toString(seq), 32, 32));
        f.add(new HeaderField("ack", Long.toString(ack), 64, 32));
        f.add(new HeaderField("window", Integer.toString(window), 112, 16));
        if (mss > 0) {
            f.add(new HeaderField("MSS", Integer.toString(mss), (MIN_LENGTH + 2) * 8, 16));
        }
        if (windowScale >= 0) {
            f.add(new HeaderField("wscale", Integer.toString(windowScale), (encodedLength() - 1) * 8, 8));
        }
        return f;
    }

    @Override
    public String layer() {
        return "tcp";
    }

    @Override
    public void describe(Attributes out) {
        out.put("src_port", srcPort).put("dst_port", dstPort).put("flags", flagString(flags)).put("seq", seq)
                .put("ack", ack).put("window", window);
        if (mss > 0) {
            out.put("mss", mss);
        }
        if (windowScale >= 0) {
            out.put("wscale", windowScale);
        }
        if (sackPermitted) {
            out.put("sack_ok", true);
        }
        if (timestamps != null) {
            out.put("ts_val", timestamps.value()).put("ts_ecr", timestamps.echoReply());
        }
    }
}
