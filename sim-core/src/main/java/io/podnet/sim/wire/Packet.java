package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * An immutable frame: a stack of headers, outermost first, and the bytes that follow the last
 * header. An encapsulated packet simply has more headers (outer Ethernet, IPv4, UDP, VXLAN, inner
 * Ethernet, IPv4, TCP). {@link #encode()} produces the exact bytes a capture would show, deriving
 * every length and checksum; {@link #decode} reads them back.
 *
 * <p>Simulation-only facts (packet id, flow, mark, conntrack) travel beside the bytes in a
 * {@link PacketBuffer}, never in here.
 */
public final class Packet {
    /** The headers, outermost first; never changed after construction. */
    private final Header[] hs;
    private final byte[] payload;
    /** The read-only list view of {@link #hs}, made when first asked for. */
    private List<Header> headers;
    /** {@link #length()}, computed when first asked for (headers are immutable records); -1 before. */
    private int length = -1;

    public Packet(List<Header> headers, byte[] payload) {
        if (headers == null || headers.isEmpty()) {
            throw new IllegalArgumentException("a packet needs at least one header");
        }
        Header[] a = headers.toArray(new Header[0]);
        for (Header h : a) {
            if (h == null) {
                throw new NullPointerException("a packet's header is null");
            }
        }
        this.hs = a;
        this.payload = payload == null ? new byte[0] : payload.clone();
    }

    public static Packet of(byte[] payload, Header... headers) {
        return new Packet(Arrays.asList(headers), payload);
    }

    /**
     * As {@link #of}, but the packet takes {@code payload} as it is instead of copying it: the caller
     * hands the array over and must never change it afterwards (for freshly made arrays on hot paths).
     */
    public static Packet ofOwned(byte[] payload, Header... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a packet needs at least one header");
        }
        return new Packet(headers.clone(), payload == null ? new byte[0] : payload, true);
    }

    /** The headers, outermost first (read-only). */
    public List<Header> headers() {
        List<Header> l = headers;
        if (l == null) {
            l = Collections.unmodifiableList(Arrays.asList(hs));
            headers = l;
        }
        return l;
    }

    /** The number of headers. */
    public int headerCount() {
        return hs.length;
    }

    /** A copy of the bytes after the last header. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public Header header(int index) {
        return hs[index];
    }

    /** The first (outermost) header of the type, or null. */
    public <T extends Header> T first(Class<T> type) {
        for (Header h : hs) {
            if (type.isInstance(h)) {
                return type.cast(h);
            }
        }
        return null;
    }

    /** The last (innermost) header of the type, or null. */
    public <T extends Header> T last(Class<T> type) {
        for (int i = hs.length - 1; i >= 0; i--) {
            if (type.isInstance(hs[i])) {
                return type.cast(hs[i]);
            }
        }
        return null;
    }

    /** Index of the first header of the type at or after {@code from}, or -1. */
    public int indexOf(Class<? extends Header> type, int from) {
        for (int i = from; i < hs.length; i++) {
            if (type.isInstance(hs[i])) {
                return i;
            }
        }
        return -1;
    }

    /** A packet with header {@code index} replaced. */
    public Packet with(int index, Header h) {
        if (h == null) {
            throw new NullPointerException("a packet's header is null");
        }
        Header[] copy = hs.clone();
        copy[index] = h;
        return new Packet(copy, payload, true);
    }

    /** Wraps this packet in outer headers (outermost first). */
    public Packet encapsulate(List<Header> outer) {
        int n = outer.size();
        Header[] copy = new Header[n + hs.length];
        for (int i = 0; i < n; i++) {
            Header h = outer.get(i);
            if (h == null) {
                throw new NullPointerException("a packet's header is null");
            }
            copy[i] = h;
        }
        System.arraycopy(hs, 0, copy, n, hs.length);
        return new Packet(copy, payload, true);
    }

    /** Drops the first {@code n} headers. */
    public Packet decapsulate(int n) {
        if (n <= 0 || n >= hs.length) {
            throw new IllegalArgumentException("cannot strip " + n + " of " + hs.length + " headers");
        }
        return new Packet(Arrays.copyOfRange(hs, n, hs.length), payload, true);
    }

    /** Headers from {@code from} on, with the same payload (for ICMP quoting and L3 views). */
    public Packet from(int from) {
        return from == 0 ? this : decapsulate(from);
    }

    /** For arrays made by this class (fresh, no nulls, never changed afterwards): kept, not copied. */
    private Packet(Header[] headers, byte[] payload, boolean trusted) {
        this.hs = headers;
        this.payload = payload;
    }

    /** Total bytes on the wire. */
    public int length() {
        int n = length;
        if (n < 0) {
            n = lengthFrom(0);
            length = n;
        }
        return n;
    }

    /** Bytes from header {@code index} to the end (e.g. the IP datagram length for MTU checks). */
    public int lengthFrom(int index) {
        if (index > 0 && index <= hs.length / 2) {
            int n = length(); // cached: subtract the few outer headers instead of adding the inner ones
            for (int i = 0; i < index; i++) {
                n -= hs[i].encodedLength();
            }
            return n;
        }
        int n = payload.length;
        for (int i = index; i < hs.length; i++) {
            n += hs[i].encodedLength();
        }
        return n;
    }

    /**
     * The exact wire bytes, with every length and checksum derived: each header writes itself
     * ({@link Header#encode(ByteBuffer, int)}), then fills in its checksum innermost first
     * ({@link Header#fillChecksum}), so an outer UDP checksum covers the finished inner bytes.
     */
    public byte[] encode() {
        byte[] out = new byte[length()];
        ByteBuffer buf = ByteBuffer.wrap(out);
        int n = hs.length;
        int[] offsets = new int[n];
        Ipv4Header[] enclosing = new Ipv4Header[n];
        Ipv4Header ip = null;
        for (int i = 0; i < n; i++) {
            offsets[i] = buf.position();
            enclosing[i] = ip;
            Header h = hs[i];
            h.encode(buf, out.length - offsets[i]);
            if (h instanceof Ipv4Header inner) {
                ip = inner;
            }
        }
        buf.put(payload);
        for (int i = n - 1; i >= 0; i--) {
            hs[i].fillChecksum(out, offsets[i], out.length - offsets[i], enclosing[i]);
        }
        return out;
    }

    /** Decodes an Ethernet frame, following VXLAN on the given UDP ports (and IPIP), no other UDP tunnel. */
    public static Packet decodeEthernet(byte[] frame, Set<Integer> vxlanPorts) {
        return PacketDecoder.decode(frame, DecodeOptions.vxlan(vxlanPorts));
    }

    /** Decodes an IPv4 datagram (no link header), following VXLAN on the given UDP ports (and IPIP). */
    public static Packet decodeIpv4(byte[] datagram, Set<Integer> vxlanPorts) {
        return PacketDecoder.decodeIpv4(datagram, DecodeOptions.vxlan(vxlanPorts));
    }

    /** Decodes an Ethernet frame, following IPIP and the UDP tunnels on the ports {@code options} name. */
    public static Packet decodeEthernet(byte[] frame, DecodeOptions options) {
        return PacketDecoder.decode(frame, options);
    }

    /** Decodes an IPv4 datagram (no link header), following IPIP and the UDP tunnels {@code options} name. */
    public static Packet decodeIpv4(byte[] datagram, DecodeOptions options) {
        return PacketDecoder.decodeIpv4(datagram, options);
    }

    /** One line per header, outermost first. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Header h : hs) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(h.summary());
        }
        if (payload.length > 0) {
            sb.append(" | ").append(payload.length).append(" bytes");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet p && Arrays.equals(hs, p.hs) && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hs) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return summary();
    }
}
