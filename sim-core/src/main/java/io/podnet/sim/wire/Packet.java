package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
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
    private final List<Header> headers;
    private final byte[] payload;

    public Packet(List<Header> headers, byte[] payload) {
        if (headers == null || headers.isEmpty()) {
            throw new IllegalArgumentException("a packet needs at least one header");
        }
        this.headers = List.copyOf(headers);
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
        return new Packet(new ArrayList<>(Arrays.asList(headers)), payload == null ? new byte[0] : payload, true);
    }

    public List<Header> headers() {
        return headers;
    }

    /** A copy of the bytes after the last header. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public Header header(int index) {
        return headers.get(index);
    }

    /** The first (outermost) header of the type, or null. */
    public <T extends Header> T first(Class<T> type) {
        List<Header> hs = headers;
        for (int i = 0, n = hs.size(); i < n; i++) {
            Header h = hs.get(i);
            if (type.isInstance(h)) {
                return type.cast(h);
            }
        }
        return null;
    }

    /** The last (innermost) header of the type, or null. */
    public <T extends Header> T last(Class<T> type) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (type.isInstance(headers.get(i))) {
                return type.cast(headers.get(i));
            }
        }
        return null;
    }

    /** Index of the first header of the type at or after {@code from}, or -1. */
    public int indexOf(Class<? extends Header> type, int from) {
        for (int i = from; i < headers.size(); i++) {
            if (type.isInstance(headers.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A packet with header {@code index} replaced. */
    public Packet with(int index, Header h) {
        List<Header> copy = new ArrayList<>(headers);
        copy.set(index, h);
        return new Packet(copy, payload, true);
    }

    /** Wraps this packet in outer headers (outermost first). */
    public Packet encapsulate(List<Header> outer) {
        List<Header> copy = new ArrayList<>(outer.size() + headers.size());
        copy.addAll(outer);
        copy.addAll(headers);
        return new Packet(copy, payload, true);
    }

    /** Drops the first {@code n} headers. */
    public Packet decapsulate(int n) {
        if (n <= 0 || n >= headers.size()) {
            throw new IllegalArgumentException("cannot strip " + n + " of " + headers.size() + " headers");
        }
        return new Packet(new ArrayList<>(headers.subList(n, headers.size())), payload, true);
    }

    /** Headers from {@code from} on, with the same payload (for ICMP quoting and L3 views). */
    public Packet from(int from) {
        return from == 0 ? this : decapsulate(from);
    }

    /** For lists made by this class (fresh, never changed afterwards): wrapped, not copied. */
    private Packet(List<Header> headers, byte[] payload, boolean trusted) {
        this.headers = Collections.unmodifiableList(headers);
        this.payload = payload;
    }

    /** Total bytes on the wire. */
    public int length() {
        int n = payload.length;
        List<Header> hs = headers;
        for (int i = 0, k = hs.size(); i < k; i++) {
            n += hs.get(i).encodedLength();
        }
        return n;
    }

    /** Bytes from header {@code index} to the end (e.g. the IP datagram length for MTU checks). */
    public int lengthFrom(int index) {
        int n = payload.length;
        for (int i = index; i < headers.size(); i++) {
            n += headers.get(i).encodedLength();
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
        int n = headers.size();
        int[] offsets = new int[n];
        Ipv4Header[] enclosing = new Ipv4Header[n];
        Ipv4Header ip = null;
        for (int i = 0; i < n; i++) {
            offsets[i] = buf.position();
            enclosing[i] = ip;
            Header h = headers.get(i);
            h.encode(buf, out.length - offsets[i]);
            if (h instanceof Ipv4Header inner) {
                ip = inner;
            }
        }
        buf.put(payload);
        for (int i = n - 1; i >= 0; i--) {
            headers.get(i).fillChecksum(out, offsets[i], out.length - offsets[i], enclosing[i]);
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
        for (Header h : headers) {
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
        return o instanceof Packet p && headers.equals(p.headers) && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return headers.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return summary();
    }
}
