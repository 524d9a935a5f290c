package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The header of a WireGuard transport data message (message type 4), sent over UDP (port 51820 by
 * default). WireGuard's fields are little-endian:
 * <pre>
 * type (1 byte, 4) | reserved (3 bytes, 0) | receiver index (le32) | counter (le64) | encrypted packet
 * </pre>
 * The encrypted packet is the inner IP packet padded with zeros to a multiple of 16 bytes (but never
 * past the WireGuard device's MTU, as Linux's {@code calculate_skb_padding}), encrypted with
 * ChaCha20, plus a 16-byte Poly1305 tag. It is the {@link Packet}'s payload, opaque to the decoder.
 *
 * <p><b>Nothing is encrypted in the simulation.</b> {@link #seal} makes the payload out of the real
 * inner bytes, zero padding and an all-zero tag, so that every size on the wire is right and the
 * receiving device can {@link #open} it again; a capture shows the inner packet in clear inside
 * what tshark labels the encrypted packet.
 */
public record WireguardHeader(long receiverIndex, long counter) implements Header {
    /** Message type of transport data. */
    public static final int TYPE_TRANSPORT_DATA = 4;
    /** Bytes of type, reserved, receiver index and counter. */
    public static final int LENGTH = 16;
    /** The Poly1305 authentication tag after the ciphertext. */
    public static final int TAG_LENGTH = 16;
    /** The plaintext is padded to a multiple of this. */
    public static final int PADDING_MULTIPLE = 16;
    /** The conventional listen port. */
    public static final int PORT = 51820;
    /**
     * Bytes added to an inner IPv4 packet, padding aside: outer IPv4 (20), UDP (8), this header (16)
     * and the tag (16).
     */
    public static final int OVERHEAD = Ipv4Header.LENGTH + UdpHeader.LENGTH + LENGTH + TAG_LENGTH;

    public WireguardHeader {
        if (receiverIndex < 0 || receiverIndex > 0xffffffffL) {
            throw new IllegalArgumentException("WireGuard receiver index out of range 0-4294967295: " + receiverIndex);
        }
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    public void encode(ByteBuffer buf) {
        ByteOrder order = buf.order();
        buf.order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(TYPE_TRANSPORT_DATA).putInt((int) receiverIndex).putLong(counter);
        buf.order(order);
    }

    /** Whether the bytes at the buffer's position look like a transport data message (type 4, reserved zero, room for a tag). */
    static boolean isTransportData(ByteBuffer buf) {
        int p = buf.position();
        return buf.remaining() >= LENGTH + TAG_LENGTH && buf.get(p) == TYPE_TRANSPORT_DATA && buf.get(p + 1) == 0
                && buf.get(p + 2) == 0 && buf.get(p + 3) == 0;
    }

    public static WireguardHeader decode(ByteBuffer buf) {
        WireException.need(buf, LENGTH, "WireGuard header");
        ByteOrder order = buf.order();
        buf.order(ByteOrder.LITTLE_ENDIAN);
        try {
            int type = buf.getInt();
            if (type != TYPE_TRANSPORT_DATA) {
                throw new WireException("WireGuard message type " + (type & 0xff)
                        + ((type >>> 8) != 0 ? " with non-zero reserved bytes" : "") + " is not transport data (4)");
            }
            long receiver = buf.getInt() & 0xffffffffL;
            long counter = buf.getLong();
            return new WireguardHeader(receiver, counter);
        } finally {
            buf.order(order);
        }
    }

    /**
     * Zero bytes Linux appends to a plaintext of {@code plaintextLength}: up to the next multiple of
     * 16, but not past {@code mtu} (0: no MTU known, pad to 16 regardless).
     */
    public static int padding(int plaintextLength, int mtu) {
        if (plaintextLength < 0 || mtu < 0) {
            throw new IllegalArgumentException("negative length or MTU: " + plaintextLength + ", " + mtu);
        }
        int last = plaintextLength;
        if (mtu == 0) {
            return align(last) - last;
        }
        if (last > mtu) {
            last %= mtu;
        }
        return Math.min(mtu, align(last)) - last;
    }

    private static int align(int n) {
        return (n + PADDING_MULTIPLE - 1) & -PADDING_MULTIPLE;
    }

    /** Bytes of the encrypted packet for a plaintext of {@code plaintextLength}: plaintext, padding and tag. */
    public static int sealedLength(int plaintextLength, int mtu) {
        return plaintextLength + padding(plaintextLength, mtu) + TAG_LENGTH;
    }

    /**
     * The simulated encrypted packet for {@code inner} (an IPv4 packet, or null for a keepalive):
     * its bytes, zero padding for the device's {@code mtu}, and a zero tag. Not encrypted.
     */
    public static byte[] seal(Packet inner, int mtu) {
        byte[] plain = inner == null ? new byte[0] : inner.encode();
        if (inner != null && !(inner.header(0) instanceof Ipv4Header)) {
            throw new IllegalArgumentException("WireGuard carries IP packets, not " + inner.summary());
        }
        return Arrays.copyOf(plain, sealedLength(plain.length, mtu));
    }

    /**
     * The inner packet of a simulated encrypted packet made by {@link #seal}, or empty for a
     * keepalive (no plaintext). The inner IPv4 total length says where the padding starts.
     *
     * @throws WireException when the bytes are shorter than a tag or the inner packet is corrupt
     */
    public static Optional<Packet> open(byte[] sealed, DecodeOptions options) {
        if (sealed == null || sealed.length < TAG_LENGTH) {
            throw new WireException("WireGuard encrypted packet shorter than its " + TAG_LENGTH + "-byte tag: "
                    + (sealed == null ? 0 : sealed.length) + " bytes");
        }
        int plain = sealed.length - TAG_LENGTH;
        if (plain == 0) {
            return Optional.empty();
        }
        if (plain < Ipv4Header.LENGTH) {
            throw new WireException("WireGuard plaintext of " + plain + " bytes is shorter than an IPv4 header");
        }
        int total = (sealed[2] & 0xff) << 8 | (sealed[3] & 0xff);
        if (total > plain) {
            throw new WireException("inner IPv4 total length " + total + " runs past the " + plain + "-byte plaintext");
        }
        return Optional.of(Packet.decodeIpv4(Arrays.copyOf(sealed, total), options));
    }

    @Override
    public String summary() {
        return "WireGuard transport receiver 0x" + String.format(java.util.Locale.ROOT, "%08x", receiverIndex) + " counter "
                + Long.toUnsignedString(counter);
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    @Override
    public String title() {
        return "WireGuard";
    }

    @Override
    public List<HeaderField> fields() {
        return List.of(new HeaderField("type", "transport data (4)", 0, 8),
                new HeaderField("receiver index", String.format(java.util.Locale.ROOT, "0x%08x", receiverIndex), 32, 32),
                new HeaderField("counter", Long.toUnsignedString(counter), 64, 64));
    }

    @Override
    public String layer() {
        return "wireguard";
    }

    @Override
    public void describe(Attributes out) {
        out.put("message_type", TYPE_TRANSPORT_DATA).put("receiver_index", receiverIndex).putUnsigned("counter", counter);
    }
}
