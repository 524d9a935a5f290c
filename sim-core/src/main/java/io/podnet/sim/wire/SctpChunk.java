package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One SCTP chunk (RFC 9260 §3.2): type, flags, length and a value, padded with zeros to a multiple
 * of 4 bytes. The length field counts the type, flags, length and value but not the final padding
 * (and, inside INIT and INIT-ACK, every parameter but the last is padded).
 *
 * <p>The chunks an association needs are records of their own; any other chunk type (ERROR,
 * HEARTBEAT, FORWARD-TSN, ...) is an {@link Other} that keeps its value bytes, so a captured packet
 * encodes back to the same bytes.
 */
public sealed interface SctpChunk {
    int DATA = 0;
    int INIT = 1;
    int INIT_ACK = 2;
    int SACK = 3;
    int HEARTBEAT = 4;
    int HEARTBEAT_ACK = 5;
    int ABORT = 6;
    int SHUTDOWN = 7;
    int SHUTDOWN_ACK = 8;
    int ERROR = 9;
    int COOKIE_ECHO = 10;
    int COOKIE_ACK = 11;
    int SHUTDOWN_COMPLETE = 14;
    /** Bytes of type, flags and length. */
    int HEADER_LENGTH = 4;

    /** The chunk type. */
    int type();

    /** The chunk flags byte. */
    int flags();

    /** Bytes of the value, the final padding excluded (the length field minus 4). */
    int valueLength();

    /** Writes the value (without the final padding). */
    void encodeValue(ByteBuffer buf);

    /** A short description, e.g. {@code DATA tsn 7 sid 0 ssn 0 ppid 0 len 100}. */
    String summary();

    /** The fields of the JSON trace (after its {@code type} key). */
    void describe(Attributes out);

    /** Bytes this chunk occupies on the wire, padding included. */
    default int encodedLength() {
        return pad4(HEADER_LENGTH + valueLength());
    }

    /** Writes the chunk header, value and zero padding. */
    default void encode(ByteBuffer buf) {
        int len = HEADER_LENGTH + valueLength();
        buf.put((byte) type()).put((byte) flags()).putShort((short) len);
        encodeValue(buf);
        for (int i = len; i < pad4(len); i++) {
            buf.put((byte) 0);
        }
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /** The name of a chunk type as RFC 9260 spells it. */
    static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case INIT -> "INIT";
            case INIT_ACK -> "INIT_ACK";
            case SACK -> "SACK";
            case HEARTBEAT -> "HEARTBEAT";
            case HEARTBEAT_ACK -> "HEARTBEAT_ACK";
            case ABORT -> "ABORT";
            case SHUTDOWN -> "SHUTDOWN";
            case SHUTDOWN_ACK -> "SHUTDOWN_ACK";
            case ERROR -> "ERROR";
            case COOKIE_ECHO -> "COOKIE_ECHO";
            case COOKIE_ACK -> "COOKIE_ACK";
            case SHUTDOWN_COMPLETE -> "SHUTDOWN_COMPLETE";
            default -> "type " + type;
        };
    }

    /** Reads one chunk and its padding (padding missing at the very end of the packet is tolerated). */
    static SctpChunk decode(ByteBuffer buf) {
        WireException.need(buf, HEADER_LENGTH, "SCTP chunk header");
        int type = buf.get() & 0xff;
        int flags = buf.get() & 0xff;
        int len = buf.getShort() & 0xffff;
        if (len < HEADER_LENGTH) {
            throw new WireException("SCTP chunk " + typeName(type) + " length " + len + " < 4");
        }
        WireException.need(buf, len - HEADER_LENGTH, "SCTP chunk " + typeName(type) + " (length " + len + ")");
        ByteBuffer v = buf.slice(buf.position(), len - HEADER_LENGTH);
        buf.position(buf.position() + len - HEADER_LENGTH);
        buf.position(buf.position() + Math.min(buf.remaining(), pad4(len) - len));
        SctpChunk c = switch (type) {
            case DATA -> (flags & 0xf0) != 0 ? new Other(type, flags, bytes(v)) : Data.decodeValue(flags, v);
            case INIT -> Init.decodeValue(v, false);
            case INIT_ACK -> Init.decodeValue(v, true);
            case SACK -> Sack.decodeValue(v);
            case ABORT -> new Abort((flags & 1) != 0, bytes(v));
            case SHUTDOWN -> {
                need(v, 4, "SHUTDOWN");
                yield new Shutdown(v.getInt() & 0xffffffffL);
            }
            case SHUTDOWN_ACK -> new ShutdownAck();
            case COOKIE_ECHO -> new CookieEcho(bytes(v));
            case COOKIE_ACK -> new CookieAck();
            case SHUTDOWN_COMPLETE -> new ShutdownComplete((flags & 1) != 0);
            default -> new Other(type, flags, bytes(v));
        };
        if (c instanceof Other || c.flags() == flags) {
            return c;
        }
        return new Other(type, flags, bytes(v.rewind())); // flags this record does not keep: keep the bytes
    }

    private static void need(ByteBuffer v, int n, String what) {
        if (v.remaining() < n) {
            throw new WireException("SCTP " + what + " chunk truncated: need " + n + " bytes of value, have " + v.remaining());
        }
    }

    private static byte[] bytes(ByteBuffer v) {
        byte[] b = new byte[v.remaining()];
        v.get(b);
        return b;
    }

    private static long u32(long v, String what) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("SCTP " + what + " must be unsigned 32-bit, was " + v);
        }
        return v;
    }

    private static int u16(int v, String what) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("SCTP " + what + " out of range 0-65535: " + v);
        }
        return v;
    }

    /**
     * DATA (type 0): user data of one stream. Flags: I 0x08 (immediate SACK), U 0x04 (unordered),
     * B 0x02 (first fragment), E 0x01 (last fragment); an unfragmented message has B and E.
     */
    record Data(int flags, long tsn, int streamId, int streamSequence, long payloadProtocol, byte[] userData)
            implements SctpChunk {
        public static final int FIXED_LENGTH = 12;
        public static final int UNFRAGMENTED = 0x03;

        public Data {
            if (flags < 0 || flags > 0x0f) {
                throw new IllegalArgumentException("SCTP DATA flags out of range 0-15: " + flags);
            }
            u32(tsn, "TSN");
            u16(streamId, "stream identifier");
            u16(streamSequence, "stream sequence number");
            u32(payloadProtocol, "payload protocol identifier");
            if (userData == null || userData.length == 0) {
                throw new IllegalArgumentException("SCTP DATA needs user data (RFC 9260 §6.2: no empty DATA chunks)");
            }
            userData = userData.clone();
        }

        /** One unfragmented, ordered message on stream {@code streamId}. */
        public static Data message(long tsn, int streamId, int streamSequence, byte[] userData) {
            return new Data(UNFRAGMENTED, tsn, streamId, streamSequence, 0, userData);
        }

        @Override
        public byte[] userData() {
            return userData.clone();
        }

        public int userDataLength() {
            return userData.length;
        }

        @Override
        public int type() {
            return DATA;
        }

        @Override
        public int valueLength() {
            return FIXED_LENGTH + userData.length;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.putInt((int) tsn).putShort((short) streamId).putShort((short) streamSequence).putInt((int) payloadProtocol)
                    .put(userData);
        }

        static Data decodeValue(int flags, ByteBuffer v) {
            need(v, FIXED_LENGTH + 1, "DATA");
            long tsn = v.getInt() & 0xffffffffL;
            int sid = v.getShort() & 0xffff;
            int ssn = v.getShort() & 0xffff;
            long ppid = v.getInt() & 0xffffffffL;
            return new Data(flags, tsn, sid, ssn, ppid, bytes(v));
        }

        @Override
        public String summary() {
            return "DATA tsn " + tsn + " sid " + streamId + " ssn " + streamSequence + " ppid " + payloadProtocol + " len "
                    + userData.length + (flags == UNFRAGMENTED ? "" : " flags 0x" + Integer.toHexString(flags));
        }

        @Override
        public void describe(Attributes out) {
            out.put("flags", flags).put("tsn", tsn).put("stream", streamId).put("ssn", streamSequence)
                    .put("ppid", payloadProtocol).put("data_length", userData.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.flags == flags && d.tsn == tsn && d.streamId == streamId
                    && d.streamSequence == streamSequence && d.payloadProtocol == payloadProtocol
                    && Arrays.equals(d.userData, userData);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(tsn) * 31 + Arrays.hashCode(userData);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /** A variable-length parameter of INIT or INIT-ACK: type, and a value padded to 4 bytes on the wire. */
    record Parameter(int type, byte[] value) {
        /** The State Cookie parameter of an INIT-ACK. */
        public static final int STATE_COOKIE = 7;
        /** Supported Address Types. */
        public static final int SUPPORTED_ADDRESS_TYPES = 12;
        /** ECN capable (RFC 9260 reserves it; Linux sends it). */
        public static final int ECN_CAPABLE = 0x8000;
        /** Forward-TSN supported (RFC 3758). */
        public static final int FORWARD_TSN_SUPPORTED = 0xc000;

        public Parameter {
            u16(type, "parameter type");
            if (value == null || value.length > 0xffff - 4) {
                throw new IllegalArgumentException("SCTP parameter value must be 0-65531 bytes");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        int length() {
            return 4 + value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parameter p && p.type == type && Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Parameter[type=0x%04x, value=%s]", type, HexFormat.of().formatHex(value));
        }
    }

    /**
     * INIT (type 1) or, with {@code ack}, INIT-ACK (type 2): the sender's initiate tag (the
     * verification tag it expects to receive), its receiver window, stream counts, initial TSN and
     * parameters (an INIT-ACK carries the State Cookie).
     */
    record Init(boolean ack, long initiateTag, long receiverWindow, int outboundStreams, int inboundStreams, long initialTsn,
                List<Parameter> parameters) implements SctpChunk {
        public static final int FIXED_LENGTH = 16;

        public Init {
            u32(initiateTag, "initiate tag");
            u32(receiverWindow, "a_rwnd");
            u16(outboundStreams, "outbound streams");
            u16(inboundStreams, "inbound streams");
            u32(initialTsn, "initial TSN");
            parameters = List.copyOf(parameters);
        }

        /** The State Cookie parameter's value, or null. */
        public byte[] stateCookie() {
            for (Parameter p : parameters) {
                if (p.type() == Parameter.STATE_COOKIE) {
                    return p.value();
                }
            }
            return null;
        }

        @Override
        public int type() {
            return ack ? INIT_ACK : INIT;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int valueLength() {
            int n = FIXED_LENGTH;
            for (int i = 0; i < parameters.size(); i++) {
                int len = parameters.get(i).length();
                n += i == parameters.size() - 1 ? len : pad4(len);
            }
            return n;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.putInt((int) initiateTag).putInt((int) receiverWindow).putShort((short) outboundStreams)
                    .putShort((short) inboundStreams).putInt((int) initialTsn);
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                buf.putShort((short) p.type()).putShort((short) p.length()).put(p.value);
                if (i < parameters.size() - 1) {
                    for (int k = p.length(); k < pad4(p.length()); k++) {
                        buf.put((byte) 0);
                    }
                }
            }
        }

        static Init decodeValue(ByteBuffer v, boolean ack) {
            need(v, FIXED_LENGTH, ack ? "INIT_ACK" : "INIT");
            long tag = v.getInt() & 0xffffffffL;
            long rwnd = v.getInt() & 0xffffffffL;
            int os = v.getShort() & 0xffff;
            int mis = v.getShort() & 0xffff;
            long tsn = v.getInt() & 0xffffffffL;
            List<Parameter> params = new ArrayList<>();
            while (v.remaining() > 0) {
                if (v.remaining() < 4) {
                    throw new WireException("SCTP parameter header truncated: " + v.remaining() + " bytes left");
                }
                int type = v.getShort() & 0xffff;
                int len = v.getShort() & 0xffff;
                if (len < 4 || len - 4 > v.remaining()) {
                    throw new WireException(String.format(Locale.ROOT, "SCTP parameter 0x%04x has length %d, %d bytes left",
                            type, len, v.remaining() + 4));
                }
                byte[] value = new byte[len - 4];
                v.get(value);
                v.position(v.position() + Math.min(v.remaining(), pad4(len) - len));
                params.add(new Parameter(type, value));
            }
            return new Init(ack, tag, rwnd, os, mis, tsn, params);
        }

        @Override
        public String summary() {
            return (ack ? "INIT_ACK" : "INIT") + String.format(Locale.ROOT, " tag 0x%08x", initiateTag) + " rwnd "
                    + receiverWindow + " os " + outboundStreams + " mis " + inboundStreams + " tsn " + initialTsn
                    + (ack && stateCookie() != null ? " cookie " + stateCookie().length + " bytes" : "");
        }

        @Override
        public void describe(Attributes out) {
            out.put("initiate_tag", initiateTag).put("a_rwnd", receiverWindow).put("outbound_streams", outboundStreams)
                    .put("inbound_streams", inboundStreams).put("initial_tsn", initialTsn);
            Attributes.ObjectList list = out.list("parameters");
            for (Parameter p : parameters) {
                list.add().put("type", p.type()).put("length", p.length());
            }
        }
    }

    /** A gap ack block of a SACK: TSNs cumulative+start to cumulative+end arrived. */
    record GapBlock(int start, int end) {
        public GapBlock {
            u16(start, "gap block start");
            u16(end, "gap block end");
        }
    }

    /** SACK (type 3): cumulative TSN ack, receiver window, gap ack blocks and duplicate TSNs. */
    record Sack(long cumulativeTsnAck, long receiverWindow, List<GapBlock> gaps, List<Long> duplicates) implements SctpChunk {
        public static final int FIXED_LENGTH = 12;

        public Sack {
            u32(cumulativeTsnAck, "cumulative TSN ack");
            u32(receiverWindow, "a_rwnd");
            gaps = List.copyOf(gaps);
            duplicates = List.copyOf(duplicates);
            if (gaps.size() > 0xffff || duplicates.size() > 0xffff) {
                throw new IllegalArgumentException("SCTP SACK with more than 65535 gaps or duplicates");
            }
            for (Long d : duplicates) {
                u32(d, "duplicate TSN");
            }
        }

        /** A SACK without gaps or duplicates. */
        public static Sack of(long cumulativeTsnAck, long receiverWindow) {
            return new Sack(cumulativeTsnAck, receiverWindow, List.of(), List.of());
        }

        @Override
        public int type() {
            return SACK;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int valueLength() {
            return FIXED_LENGTH + 4 * gaps.size() + 4 * duplicates.size();
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.putInt((int) cumulativeTsnAck).putInt((int) receiverWindow).putShort((short) gaps.size())
                    .putShort((short) duplicates.size());
            for (GapBlock g : gaps) {
                buf.putShort((short) g.start()).putShort((short) g.end());
            }
            for (long d : duplicates) {
                buf.putInt((int) d);
            }
        }

        static Sack decodeValue(ByteBuffer v) {
            need(v, FIXED_LENGTH, "SACK");
            long cum = v.getInt() & 0xffffffffL;
            long rwnd = v.getInt() & 0xffffffffL;
            int ng = v.getShort() & 0xffff;
            int nd = v.getShort() & 0xffff;
            need(v, 4 * (ng + nd), "SACK (" + ng + " gap blocks, " + nd + " duplicates)");
            List<GapBlock> gaps = new ArrayList<>();
            for (int i = 0; i < ng; i++) {
                gaps.add(new GapBlock(v.getShort() & 0xffff, v.getShort() & 0xffff));
            }
            List<Long> dups = new ArrayList<>();
            for (int i = 0; i < nd; i++) {
                dups.add(v.getInt() & 0xffffffffL);
            }
            return new Sack(cum, rwnd, gaps, dups);
        }

        @Override
        public String summary() {
            return "SACK cum ack " + cumulativeTsnAck + " rwnd " + receiverWindow
                    + (gaps.isEmpty() ? "" : " gaps " + gaps.size()) + (duplicates.isEmpty() ? "" : " dups " + duplicates.size());
        }

        @Override
        public void describe(Attributes out) {
            out.put("cumulative_tsn_ack", cumulativeTsnAck).put("a_rwnd", receiverWindow).put("gap_blocks", gaps.size())
                    .put("duplicate_tsns", duplicates.size());
        }
    }

    /** ABORT (type 6); {@code tBit}: the verification tag is the receiver's own (reflected). Error causes kept as bytes. */
    record Abort(boolean tBit, byte[] causes) implements SctpChunk {
        public Abort {
            causes = causes == null ? new byte[0] : causes.clone();
        }

        @Override
        public byte[] causes() {
            return causes.clone();
        }

        @Override
        public int type() {
            return ABORT;
        }

        @Override
        public int flags() {
            return tBit ? 1 : 0;
        }

        @Override
        public int valueLength() {
            return causes.length;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.put(causes);
        }

        @Override
        public String summary() {
            return "ABORT" + (tBit ? " T" : "");
        }

        @Override
        public void describe(Attributes out) {
            out.put("t_bit", tBit).put("causes_length", causes.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Abort a && a.tBit == tBit && Arrays.equals(a.causes, causes);
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(tBit) * 31 + Arrays.hashCode(causes);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /** SHUTDOWN (type 7): the cumulative TSN ack of the sender. */
    record Shutdown(long cumulativeTsnAck) implements SctpChunk {
        public Shutdown {
            u32(cumulativeTsnAck, "cumulative TSN ack");
        }

        @Override
        public int type() {
            return SHUTDOWN;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int valueLength() {
            return 4;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.putInt((int) cumulativeTsnAck);
        }

        @Override
        public String summary() {
            return "SHUTDOWN cum ack " + cumulativeTsnAck;
        }

        @Override
        public void describe(Attributes out) {
            out.put("cumulative_tsn_ack", cumulativeTsnAck);
        }
    }

    /** SHUTDOWN-ACK (type 8). */
    record ShutdownAck() implements SctpChunk {
        @Override
        public int type() {
            return SHUTDOWN_ACK;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int valueLength() {
            return 0;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {}

        @Override
        public String summary() {
            return "SHUTDOWN_ACK";
        }

        @Override
        public void describe(Attributes out) {}
    }

    /** COOKIE-ECHO (type 10): the State Cookie of the INIT-ACK, sent back as received. */
    record CookieEcho(byte[] cookie) implements SctpChunk {
        public CookieEcho {
            if (cookie == null || cookie.length == 0) {
                throw new IllegalArgumentException("SCTP COOKIE_ECHO needs the cookie");
            }
            cookie = cookie.clone();
        }

        @Override
        public byte[] cookie() {
            return cookie.clone();
        }

        @Override
        public int type() {
            return COOKIE_ECHO;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int valueLength() {
            return cookie.length;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.put(cookie);
        }

        @Override
        public String summary() {
            return "COOKIE_ECHO " + cookie.length + " bytes";
        }

        @Override
        public void describe(Attributes out) {
            out.put("cookie_length", cookie.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CookieEcho c && Arrays.equals(c.cookie, cookie);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cookie);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /** COOKIE-ACK (type 11). */
    record CookieAck() implements SctpChunk {
        @Override
        public int type() {
            return COOKIE_ACK;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int valueLength() {
            return 0;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {}

        @Override
        public String summary() {
            return "COOKIE_ACK";
        }

        @Override
        public void describe(Attributes out) {}
    }

    /** SHUTDOWN-COMPLETE (type 14); {@code tBit} as for {@link Abort}. */
    record ShutdownComplete(boolean tBit) implements SctpChunk {
        @Override
        public int type() {
            return SHUTDOWN_COMPLETE;
        }

        @Override
        public int flags() {
            return tBit ? 1 : 0;
        }

        @Override
        public int valueLength() {
            return 0;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {}

        @Override
        public String summary() {
            return "SHUTDOWN_COMPLETE" + (tBit ? " T" : "");
        }

        @Override
        public void describe(Attributes out) {
            out.put("t_bit", tBit);
        }
    }

    /** Any other chunk, value kept as bytes (HEARTBEAT, ERROR, FORWARD-TSN, ...). */
    record Other(int type, int flags, byte[] value) implements SctpChunk {
        public Other {
            if (type < 0 || type > 255 || flags < 0 || flags > 255) {
                throw new IllegalArgumentException("SCTP chunk type/flags out of range: " + type + "/" + flags);
            }
            if (value == null || value.length > 0xffff - HEADER_LENGTH) {
                throw new IllegalArgumentException("SCTP chunk value must be 0-65531 bytes");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public int valueLength() {
            return value.length;
        }

        @Override
        public void encodeValue(ByteBuffer buf) {
            buf.put(value);
        }

        @Override
        public String summary() {
            return typeName(type) + (flags == 0 ? "" : " flags 0x" + Integer.toHexString(flags)) + " " + value.length
                    + " bytes";
        }

        @Override
        public void describe(Attributes out) {
            out.put("flags", flags).put("value_length", value.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other c && c.type == type && c.flags == flags && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return (type * 31 + flags) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return summary();
        }
    }
}
