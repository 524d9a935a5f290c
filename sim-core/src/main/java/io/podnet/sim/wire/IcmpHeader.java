package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * ICMP header: type, code and the 4-byte "rest of header" (identifier and sequence for echo,
 * next-hop MTU for fragmentation needed). The checksum is derived at encode time. The data that
 * follows (echo payload, or the quoted datagram of an error) is the packet's payload.
 */
public record IcmpHeader(int type, int code, int rest) implements Header {
    public static final int LENGTH = 8;
    public static final int ECHO_REPLY = 0;
    public static final int DEST_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAG_NEEDED = 4;
    public static final int CODE_ADMIN_PROHIBITED = 13;

    public IcmpHeader {
        if (type < 0 || type > 255 || code < 0 || code > 255) {
            throw new IllegalArgumentException("ICMP type/code out of range: " + type + "/" + code);
        }
    }

    public static IcmpHeader echoRequest(int id, int seq) {
        return new IcmpHeader(ECHO_REQUEST, 0, (id & 0xffff) << 16 | (seq & 0xffff));
    }

    public static IcmpHeader echoReply(int id, int seq) {
        return new IcmpHeader(ECHO_REPLY, 0, (id & 0xffff) << 16 | (seq & 0xffff));
    }

    public static IcmpHeader unreachable(int code) {
        return new IcmpHeader(DEST_UNREACHABLE, code, 0);
    }

    public static IcmpHeader fragmentationNeeded(int nextHopMtu) {
        return new IcmpHeader(DEST_UNREACHABLE, CODE_FRAG_NEEDED, nextHopMtu & 0xffff);
    }

    public boolean isEcho() {
        return type == ECHO_REQUEST || type == ECHO_REPLY;
    }

    public boolean isError() {
        return type == DEST_UNREACHABLE || type == TIME_EXCEEDED || type == 4 || type == 5 || type == 12;
    }

    public int identifier() {
        return rest >>> 16;
    }

    public int sequence() {
        return rest & 0xffff;
    }

    public int nextHopMtu() {
        return rest & 0xffff;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    /** Writes the header with a zero checksum; {@link Packet#encode()} fills it in. */
    public void encode(ByteBuffer buf) {
        buf.put((byte) type).put((byte) code).putShort((short) 0).putInt(rest);
    }

    public static IcmpHeader decode(ByteBuffer buf) {
        WireException.need(buf, LENGTH, "ICMP header");
        int t = buf.get() & 0xff;
        int c = buf.get() & 0xff;
        buf.getShort();
        return new IcmpHeader(t, c, buf.getInt());
    }

    @Override
    public String summary() {
        return switch (type) {
            case ECHO_REQUEST -> "ICMP echo request id " + identifier() + " seq " + sequence();
            case ECHO_REPLY -> "ICMP echo reply id " + identifier() + " seq " + sequence();
            case DEST_UNREACHABLE -> switch (code) {
                case CODE_PORT_UNREACHABLE -> "ICMP port unreachable";
                case CODE_FRAG_NEEDED -> "ICMP fragmentation needed, mtu " + nextHopMtu();
                case CODE_HOST_UNREACHABLE -> "ICMP host unreachable";
                case CODE_NET_UNREACHABLE -> "ICMP net unreachable";
                case CODE_ADMIN_PROHIBITED -> "ICMP admin prohibited";
                default -> "ICMP destination unreachable code " + code;
            };
            case TIME_EXCEEDED -> "ICMP time exceeded";
            default -> "ICMP type " + type + " code " + code;
        };
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    /** The Internet checksum over the ICMP message (no pseudo header). */
    @Override
    public void fillChecksum(byte[] frame, int offset, int length, Ipv4Header ip) {
        int c = Checksums.ones(frame, offset, length, 0);
        frame[offset + 2] = (byte) (c >>> 8);
        frame[offset + 3] = (byte) c;
    }

    private boolean fragNeeded() {
        return type == DEST_UNREACHABLE && code == CODE_FRAG_NEEDED;
    }

    @Override
    public String title() {
        return "ICMP";
    }

    @Override
    public List<HeaderField> fields() {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField("type", Integer.toString(type), 0, 8));
        f.add(new HeaderField("code", Integer.toString(code), 8, 8));
        if (isEcho()) {
            f.add(new HeaderField("id", Integer.toString(identifier()), 32, 16));
            f.add(new HeaderField("seq", Integer.toString(sequence()), 48, 16));
        } else if (fragNeeded()) {
            f.add(new HeaderField("next-hop MTU", Integer.toString(nextHopMtu()), 48, 16));
        }
        return f;
    }

    @Override
    public String layer() {
        return "icmp";
    }

    @Override
    public void describe(Attributes out) {
        out.put("type", type).put("code", code).put("summary", summary());
        if (isEcho()) {
            out.put("id", identifier()).put("seq", sequence());
        } else if (fragNeeded()) {
            out.put("mtu", nextHopMtu());
        }
    }
}
