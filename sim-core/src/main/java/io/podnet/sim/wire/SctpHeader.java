package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * An SCTP packet (RFC 9260 §3): the common header (ports, verification tag, checksum) and its
 * chunks. The chunks are part of this header (DATA chunks carry their user data), so a
 * {@link Packet} ending in an SCTP header has no payload of its own.
 *
 * <p>The checksum is CRC32c (RFC 9260 §6.8 and Appendix A) over the whole SCTP packet with the
 * checksum field zero; no pseudo header. It is derived at encode time ({@link #fillChecksum}). The
 * CRC is transmitted least significant byte first: the wire bytes are the little-endian form of the
 * value {@link CRC32C} computes (as Linux's {@code sctp_compute_cksum} stores {@code cpu_to_le32}),
 * e.g. the header-only packet {@code 13 88 13 88 00 00 00 00} carries {@code 06 a9 00 e1}.
 */
public record SctpHeader(int srcPort, int dstPort, long verificationTag, List<SctpChunk> chunks) implements Header {
    /** Bytes of the common header. */
    public static final int COMMON_LENGTH = 12;

    public SctpHeader {
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("SCTP port out of range: " + srcPort + " > " + dstPort);
        }
        if (verificationTag < 0 || verificationTag > 0xffffffffL) {
            throw new IllegalArgumentException("SCTP verification tag must be unsigned 32-bit, was " + verificationTag);
        }
        if (chunks == null) {
            throw new IllegalArgumentException("SCTP chunks must not be null (use an empty list)");
        }
        chunks = List.copyOf(chunks);
    }

    /** A packet of the given chunks. */
    public static SctpHeader of(int srcPort, int dstPort, long verificationTag, SctpChunk... chunks) {
        return new SctpHeader(srcPort, dstPort, verificationTag, List.of(chunks));
    }

    public SctpHeader withPorts(int s, int d) {
        return new SctpHeader(s, d, verificationTag, chunks);
    }

    /** The first chunk of the type, or null. */
    public <T extends SctpChunk> T chunk(Class<T> type) {
        for (SctpChunk c : chunks) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** Whether the packet holds a chunk of the type number. */
    public boolean has(int chunkType) {
        for (SctpChunk c : chunks) {
            if (c.type() == chunkType) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of user data in the DATA chunks. */
    public int userDataLength() {
        int n = 0;
        for (SctpChunk c : chunks) {
            if (c instanceof SctpChunk.Data d) {
                n += d.userDataLength();
            }
        }
        return n;
    }

    @Override
    public int encodedLength() {
        int n = COMMON_LENGTH;
        for (SctpChunk c : chunks) {
            n += c.encodedLength();
        }
        return n;
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        buf.putShort((short) srcPort).putShort((short) dstPort).putInt((int) verificationTag).putInt(0);
        for (SctpChunk c : chunks) {
            c.encode(buf);
        }
    }

    /** CRC32c over the SCTP packet (this header to the end), stored little-endian. */
    @Override
    public void fillChecksum(byte[] frame, int offset, int length, Ipv4Header ip) {
        int crc = crc32c(frame, offset, length);
        frame[offset + 8] = (byte) crc;
        frame[offset + 9] = (byte) (crc >>> 8);
        frame[offset + 10] = (byte) (crc >>> 16);
        frame[offset + 11] = (byte) (crc >>> 24);
    }

    /** The CRC32c of the SCTP packet at {@code b[off, off + len)}, its checksum field read as zero. */
    public static int crc32c(byte[] b, int off, int len) {
        if (len < COMMON_LENGTH) {
            throw new IllegalArgumentException("an SCTP packet has at least 12 bytes, got " + len);
        }
        CRC32C crc = new CRC32C();
        crc.update(b, off, 8);
        crc.update(new byte[4]);
        crc.update(b, off + COMMON_LENGTH, len - COMMON_LENGTH);
        return (int) crc.getValue();
    }

    /** Whether the checksum stored in the SCTP packet at {@code b[off, off + len)} is right. */
    public static boolean checksumValid(byte[] b, int off, int len) {
        int stored = (b[off + 8] & 0xff) | (b[off + 9] & 0xff) << 8 | (b[off + 10] & 0xff) << 16 | (b[off + 11] & 0xff) << 24;
        return stored == crc32c(b, off, len);
    }

    /** Reads the common header and every chunk up to the buffer's limit. The checksum is not verified here. */
    public static SctpHeader decode(ByteBuffer buf) {
        WireException.need(buf, COMMON_LENGTH, "SCTP common header");
        int s = buf.getShort() & 0xffff;
        int d = buf.getShort() & 0xffff;
        long tag = buf.getInt() & 0xffffffffL;
        buf.getInt(); // checksum
        List<SctpChunk> chunks = new ArrayList<>();
        while (buf.hasRemaining()) {
            chunks.add(SctpChunk.decode(buf));
        }
        return new SctpHeader(s, d, tag, chunks);
    }

    private String tag() {
        return String.format(Locale.ROOT, "0x%08x", verificationTag);
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder("SCTP ").append(srcPort).append(" > ").append(dstPort).append(" vtag ")
                .append(tag());
        for (SctpChunk c : chunks) {
            sb.append(" [").append(c.summary()).append(']');
        }
        return sb.toString();
    }

    @Override
    public String title() {
        return "SCTP";
    }

    @Override
    public List<HeaderField> fields() {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField("src port", Integer.toString(srcPort), 0, 16));
        f.add(new HeaderField("dst port", Integer.toString(dstPort), 16, 16));
        f.add(new HeaderField("verification tag", tag(), 32, 32));
        f.add(new HeaderField("checksum", "CRC32c", 64, 32));
        int bit = COMMON_LENGTH * 8;
        for (int i = 0; i < chunks.size(); i++) {
            SctpChunk c = chunks.get(i);
            f.add(new HeaderField("chunk " + (i + 1), c.summary(), bit, c.encodedLength() * 8));
            bit += c.encodedLength() * 8;
        }
        return f;
    }

    @Override
    public String layer() {
        return "sctp";
    }

    @Override
    public void describe(Attributes out) {
        out.put("src_port", srcPort).put("dst_port", dstPort).put("vtag", verificationTag);
        Attributes.ObjectList list = out.list("chunks");
        for (SctpChunk c : chunks) {
            Attributes a = list.add().put("type", SctpChunk.typeName(c.type()));
            c.describe(a);
        }
    }
}
