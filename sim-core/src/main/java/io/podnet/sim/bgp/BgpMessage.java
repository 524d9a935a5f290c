package io.podnet.sim.bgp;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BGP-4 messages (RFC 4271) encoded byte for byte: the 16-byte all-ones marker, the length, the
 * type, then the body. OPEN carries the 4-octet-AS capability (RFC 6793) as BIRD sends it; UPDATE
 * carries IPv4 unicast NLRI with ORIGIN, AS_PATH (4-octet ASNs), NEXT_HOP, LOCAL_PREF and the
 * route-reflection attributes ORIGINATOR_ID and CLUSTER_LIST (RFC 4456).
 */
public sealed interface BgpMessage {
    int HEADER_LENGTH = 19;
    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;

    int type();

    /** The body as bytes (without the 19-byte header). */
    byte[] body();

    String summary();

    /** The full message: marker, length, type, body. */
    default byte[] encode() {
        byte[] body = body();
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + body.length);
        for (int i = 0; i < 16; i++) {
            b.put((byte) 0xff);
        }
        b.putShort((short) (HEADER_LENGTH + body.length)).put((byte) type()).put(body);
        return b.array();
    }

    /**
     * Decodes one message from the front of {@code buf} if it is complete, advancing the position;
     * returns null (position unchanged) if more bytes are needed.
     */
    static BgpMessage decode(ByteBuffer buf) {
        if (buf.remaining() < HEADER_LENGTH) {
            return null;
        }
        int start = buf.position();
        for (int i = 0; i < 16; i++) {
            if (buf.get(start + i) != (byte) 0xff) {
                throw new BgpException(1, 1, "BGP marker is not all ones");
            }
        }
        int len = buf.getShort(start + 16) & 0xffff;
        if (len < HEADER_LENGTH || len > 4096) {
            throw new BgpException(1, 2, "BGP message length " + len + " out of range 19-4096");
        }
        if (buf.remaining() < len) {
            return null;
        }
        int type = buf.get(start + 18) & 0xff;
        ByteBuffer body = ByteBuffer.wrap(Arrays.copyOfRange(buf.array(), buf.arrayOffset() + start + HEADER_LENGTH,
                buf.arrayOffset() + start + len));
        buf.position(start + len);
        switch (type) {
            case TYPE_OPEN:
                return Open.decodeBody(body);
            case TYPE_UPDATE:
                return Update.decodeBody(body);
            case TYPE_NOTIFICATION:
                return Notification.decodeBody(body);
            case TYPE_KEEPALIVE:
                if (len != HEADER_LENGTH) {
                    throw new BgpException(1, 2, "KEEPALIVE with a body");
                }
                return Keepalive.INSTANCE;
            default:
                throw new BgpException(1, 3, "unknown BGP message type " + type);
        }
    }

    /** OPEN: version 4, my AS (AS_TRANS 23456 in the 2-octet field when over 65535), hold time, BGP identifier. */
    record Open(long myAs, int holdTime, Ipv4Address bgpId) implements BgpMessage {
        public Open {
            if (myAs < 1 || myAs > 0xffffffffL) {
                throw new IllegalArgumentException("AS number out of range: " + myAs);
            }
            if (holdTime != 0 && (holdTime < 3 || holdTime > 0xffff)) {
                throw new IllegalArgumentException("hold time must be 0 or 3-65535, was " + holdTime);
            }
        }

        @Override
        public int type() {
            return TYPE_OPEN;
        }

        @Override
        public byte[] body() {
            // Optional parameter: capability (2), containing 4-octet AS (65) and multiprotocol IPv4 unicast (1).
            ByteBuffer b = ByteBuffer.allocate(10 + 2 + 6 + 2 + 6);
            b.put((byte) 4).putShort((short) (myAs > 0xffff ? 23456 : myAs)).putShort((short) holdTime)
                    .putInt(bgpId.bits()).put((byte) 14);
            b.put((byte) 2).put((byte) 12);
            b.put((byte) 1).put((byte) 4).putShort((short) 1).put((byte) 0).put((byte) 1);
            b.put((byte) 65).put((byte) 4).putInt((int) myAs);
            return Arrays.copyOf(b.array(), b.position());
        }

        static Open decodeBody(ByteBuffer b) {
            if (b.remaining() < 10) {
                throw new BgpException(1, 2, "OPEN too short");
            }
            int version = b.get() & 0xff;
            if (version != 4) {
                throw new BgpException(2, 1, "unsupported BGP version " + version);
            }
            long as = b.getShort() & 0xffff;
            int hold = b.getShort() & 0xffff;
            Ipv4Address id = new Ipv4Address(b.getInt());
            int optLen = b.get() & 0xff;
            int end = b.position() + optLen;
            while (b.position() < end) {
                int ptype = b.get() & 0xff;
                int plen = b.get() & 0xff;
                int pend = b.position() + plen;
                while (ptype == 2 && b.position() < pend) {
                    int code = b.get() & 0xff;
                    int clen = b.get() & 0xff;
                    if (code == 65 && clen == 4) {
                        as = b.getInt() & 0xffffffffL;
                    } else {
                        b.position(b.position() + clen);
                    }
                }
                b.position(pend);
            }
            if (hold == 1 || hold == 2) {
                throw new BgpException(2, 6, "unacceptable hold time " + hold);
            }
            return new Open(as, hold, id);
        }

        @Override
        public String summary() {
            return "BGP OPEN as " + myAs + " hold " + holdTime + "s id " + bgpId;
        }
    }

    /** KEEPALIVE: a header alone. */
    final class Keepalive implements BgpMessage {
        public static final Keepalive INSTANCE = new Keepalive();

        private Keepalive() {}

        @Override
        public int type() {
            return TYPE_KEEPALIVE;
        }

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public String summary() {
            return "BGP KEEPALIVE";
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /** NOTIFICATION: error code, subcode and data; the session closes after it. */
    record Notification(int code, int subcode, byte[] data) implements BgpMessage {
        public static final int HOLD_TIMER_EXPIRED = 4;
        public static final int CEASE = 6;

        @Override
        public int type() {
            return TYPE_NOTIFICATION;
        }

        @Override
        public byte[] body() {
            byte[] d = data == null ? new byte[0] : data;
            ByteBuffer b = ByteBuffer.allocate(2 + d.length);
            b.put((byte) code).put((byte) subcode).put(d);
            return b.array();
        }

        static Notification decodeBody(ByteBuffer b) {
            if (b.remaining() < 2) {
                throw new BgpException(1, 2, "NOTIFICATION too short");
            }
            int c = b.get() & 0xff;
            int s = b.get() & 0xff;
            byte[] d = new byte[b.remaining()];
            b.get(d);
            return new Notification(c, s, d);
        }

        @Override
        public String summary() {
            String what = switch (code) {
                case 1 -> "message header error";
                case 2 -> "OPEN message error";
                case 3 -> "UPDATE message error";
                case HOLD_TIMER_EXPIRED -> "hold timer expired";
                case 5 -> "finite state machine error";
                case CEASE -> "cease";
                default -> "code " + code;
            };
            return "BGP NOTIFICATION " + what + " (" + code + "/" + subcode + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.body(), body());
        }

        @Override
        public int hashCode() {
            return code * 31 + subcode;
        }
    }

    /**
     * UPDATE: withdrawn routes, and reachable NLRI sharing one set of path attributes
     * ({@code attributes} null when there is no NLRI).
     */
    record Update(List<Ipv4Prefix> withdrawn, PathAttributes attributes, List<Ipv4Prefix> nlri) implements BgpMessage {
        public Update {
            withdrawn = List.copyOf(withdrawn);
            nlri = List.copyOf(nlri);
            if (!nlri.isEmpty() && attributes == null) {
                throw new IllegalArgumentException("an UPDATE with NLRI needs path attributes");
            }
        }

        @Override
        public int type() {
            return TYPE_UPDATE;
        }

        @Override
        public byte[] body() {
            ByteBuffer b = ByteBuffer.allocate(4096);
            int wpos = b.position();
            b.putShort((short) 0);
            for (Ipv4Prefix p : withdrawn) {
                putPrefix(b, p);
            }
            b.putShort(wpos, (short) (b.position() - wpos - 2));
            int apos = b.position();
            b.putShort((short) 0);
            if (attributes != null && !nlri.isEmpty()) {
                attributes.encode(b);
            }
            b.putShort(apos, (short) (b.position() - apos - 2));
            for (Ipv4Prefix p : nlri) {
                putPrefix(b, p);
            }
            return Arrays.copyOf(b.array(), b.position());
        }

        private static void putPrefix(ByteBuffer b, Ipv4Prefix p) {
            b.put((byte) p.length());
            int bytes = (p.length() + 7) / 8;
            byte[] a = p.network().toBytes();
            b.put(a, 0, bytes);
        }

        private static Ipv4Prefix getPrefix(ByteBuffer b) {
            int len = b.get() & 0xff;
            if (len > 32) {
                throw new BgpException(3, 10, "prefix length " + len + " over 32");
            }
            byte[] a = new byte[4];
            b.get(a, 0, (len + 7) / 8);
            return new Ipv4Prefix(Ipv4Address.fromBytes(a, 0), len);
        }

        static Update decodeBody(ByteBuffer b) {
            if (b.remaining() < 4) {
                throw new BgpException(3, 1, "UPDATE too short");
            }
            int wlen = b.getShort() & 0xffff;
            int wend = b.position() + wlen;
            List<Ipv4Prefix> w = new ArrayList<>();
            while (b.position() < wend) {
                w.add(getPrefix(b));
            }
            int alen = b.getShort() & 0xffff;
            PathAttributes attrs = alen == 0 ? null : PathAttributes.decode(b, alen);
            List<Ipv4Prefix> n = new ArrayList<>();
            while (b.hasRemaining()) {
                n.add(getPrefix(b));
            }
            if (!n.isEmpty() && attrs == null) {
                throw new BgpException(3, 3, "UPDATE with NLRI but no path attributes");
            }
            return new Update(w, attrs, n);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("BGP UPDATE");
            if (!nlri.isEmpty()) {
                sb.append(" announce ").append(nlri).append(" next-hop ").append(attributes.nextHop())
                        .append(" as-path ").append(attributes.asPath());
            }
            if (!withdrawn.isEmpty()) {
                sb.append(" withdraw ").append(withdrawn);
            }
            return sb.toString();
        }
    }
}
