package io.podnet.sim.wire;

import io.podnet.sim.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The part of an offending datagram that an ICMP error carries after its 8-byte ICMP header: the
 * original IPv4 header and the first bytes of its payload, byte for byte as they were received.
 *
 * <p>RFC 792 asks for the IP header plus 64 bits of data ({@link #minimal}); Linux
 * ({@code __icmp_send}) quotes as much as fits in a 576-byte error, i.e. up to 548 bytes of the
 * original datagram when the route MTU is at least 576 ({@link #linux}). So a port unreachable
 * for a small UDP datagram quotes all of it, a fragmentation-needed for a 1478-byte ping quotes 548.
 *
 * <p>The quoted IP header is not checksum-verified on decoding (receivers do not), but it is
 * re-checksummed when NAT rewrites an address ({@link #withSource}, {@link #withDestination}),
 * as netfilter does when it reverses NAT on an ICMP error; the quoted UDP checksum (when non-zero)
 * and TCP checksum (when the whole TCP header is quoted) are patched incrementally.
 */
public final class IcmpQuote {
    /** Linux caps an ICMP error datagram at 576 bytes (RFC 1812 4.3.2.3). */
    public static final int LINUX_ERROR_LIMIT = 576;

    private final byte[] bytes;
    private final Ipv4Header ip;
    private final int headerLength;
    private final int totalLength;

    private IcmpQuote(byte[] bytes) {
        this.bytes = bytes;
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Ipv4Header.Decoded d = Ipv4Header.decode(buf, false);
        this.ip = d.header();
        this.totalLength = d.totalLength();
        this.headerLength = buf.position();
    }

    /** Reads the bytes an ICMP error quotes; they must hold at least an IPv4 header. */
    public static IcmpQuote decode(byte[] quoted) {
        if (quoted == null) {
            throw new IllegalArgumentException("no quoted bytes");
        }
        return new IcmpQuote(quoted.clone());
    }

    /** The quote carried by an ICMP error packet (its payload after the {@link IcmpHeader}). */
    public static IcmpQuote fromError(Packet icmpError) {
        if (!(icmpError.headers().get(icmpError.headerCount() - 1) instanceof IcmpHeader icmp) || !icmp.isError()) {
            throw new IllegalArgumentException("not an ICMP error: " + icmpError.summary());
        }
        return new IcmpQuote(icmpError.payload());
    }

    /**
     * The quote Linux puts in an error about {@code offending} (whose IPv4 header is header
     * {@code ipIndex}), sent over a route with MTU {@code routeMtu}: the whole datagram, cut at
     * {@code min(routeMtu, 576) - 20 - 8} bytes.
     */
    public static IcmpQuote linux(Packet offending, int ipIndex, int routeMtu) {
        byte[] datagram = datagram(offending, ipIndex);
        int room = Math.min(routeMtu, LINUX_ERROR_LIMIT) - Ipv4Header.LENGTH - IcmpHeader.LENGTH;
        if (room <= Ipv4Header.LENGTH) {
            throw new IllegalArgumentException("route MTU " + routeMtu + " leaves no room to quote an IPv4 header");
        }
        return new IcmpQuote(Arrays.copyOf(datagram, Math.min(datagram.length, room)));
    }

    /** The RFC 792 minimum: the IPv4 header and the first 8 bytes of its payload. */
    public static IcmpQuote minimal(Packet offending, int ipIndex) {
        byte[] datagram = datagram(offending, ipIndex);
        return new IcmpQuote(Arrays.copyOf(datagram, Math.min(datagram.length, Ipv4Header.LENGTH + 8)));
    }

    private static byte[] datagram(Packet p, int ipIndex) {
        if (ipIndex < 0 || ipIndex >= p.headerCount() || !(p.header(ipIndex) instanceof Ipv4Header)) {
            throw new IllegalArgumentException("header " + ipIndex + " of " + p.summary() + " is not IPv4");
        }
        return p.from(ipIndex).encode();
    }

    /**
     * The ICMP error datagram Linux sends from {@code from} back to the quoted source: TOS 0xc0
     * (internetwork control, keeping the original TOS bits), DF clear, protocol ICMP.
     */
    public Packet errorDatagram(Ipv4Address from, IcmpHeader icmp, int identification, int ttl) {
        if (!icmp.isError()) {
            throw new IllegalArgumentException("not an ICMP error type: " + icmp.summary());
        }
        Ipv4Header outer = new Ipv4Header((ip.tos() & 0x1e) | 0xc0, identification, false, false, 0, ttl,
                Ipv4Header.PROTO_ICMP, from, ip.src());
        return Packet.of(bytes, outer, icmp);
    }

    /** The quoted IPv4 header (options, if any, are not kept here but stay in {@link #bytes()}). */
    public Ipv4Header ip() {
        return ip;
    }

    /** The total length field of the quoted header: the length of the original datagram. */
    public int totalLength() {
        return totalLength;
    }

    public int headerLength() {
        return headerLength;
    }

    /** Number of quoted bytes. */
    public int length() {
        return bytes.length;
    }

    /** True when the quote holds the whole original datagram. */
    public boolean complete() {
        return bytes.length >= totalLength;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Quoted bytes after the IP header. */
    public int transportLength() {
        return bytes.length - headerLength;
    }

    /**
     * The 16-bit word at {@code offset} bytes into the quoted transport header (whatever the
     * protocol or fragment offset), or -1 when those bytes are not quoted.
     */
    public int transportU16(int offset) {
        if (offset < 0 || offset + 2 > transportLength()) {
            return -1;
        }
        return u16(headerLength + offset);
    }

    private boolean hasPorts() {
        return !ip.isFragment() || ip.fragmentOffset() == 0;
    }

    /** TCP/UDP source port, the ICMP echo identifier, or -1 when not quoted. */
    public int srcPort() {
        int p = ip.protocol();
        if ((p == Ipv4Header.PROTO_TCP || p == Ipv4Header.PROTO_UDP) && transportLength() >= 2 && hasPorts()) {
            return u16(headerLength);
        }
        if (p == Ipv4Header.PROTO_ICMP && transportLength() >= 6 && hasPorts() && echo()) {
            return u16(headerLength + 4);
        }
        return -1;
    }

    /** TCP/UDP destination port, the ICMP echo identifier, or -1 when not quoted. */
    public int dstPort() {
        int p = ip.protocol();
        if ((p == Ipv4Header.PROTO_TCP || p == Ipv4Header.PROTO_UDP) && transportLength() >= 4 && hasPorts()) {
            return u16(headerLength + 2);
        }
        return srcPort();
    }

    private boolean echo() {
        int t = bytes[headerLength] & 0xff;
        return t == IcmpHeader.ECHO_REQUEST || t == IcmpHeader.ECHO_REPLY;
    }

    /**
     * The quoted transport header when enough of it is quoted to read it: UDP (8 bytes), ICMP (8
     * bytes), TCP (its whole data offset); null otherwise.
     */
    public Header transport() {
        if (!hasPorts() || ip.isFragment() && ip.fragmentOffset() != 0) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, headerLength, transportLength());
        int n = transportLength();
        switch (ip.protocol()) {
            case Ipv4Header.PROTO_UDP:
                return n >= UdpHeader.LENGTH ? UdpHeader.decode(buf).header() : null;
            case Ipv4Header.PROTO_ICMP:
                return n >= IcmpHeader.LENGTH ? IcmpHeader.decode(buf) : null;
            case Ipv4Header.PROTO_TCP:
                if (n < TcpHeader.MIN_LENGTH || n < ((bytes[headerLength + 12] & 0xf0) >> 2)) {
                    return null;
                }
                return TcpHeader.decode(buf);
            default:
                return null;
        }
    }

    /** The quote with the source address (and port, or echo identifier; -1 keeps it) rewritten. */
    public IcmpQuote withSource(Ipv4Address addr, int port) {
        return rewrite(12, addr, 0, port);
    }

    /** The quote with the destination address (and port; -1 keeps it) rewritten. */
    public IcmpQuote withDestination(Ipv4Address addr, int port) {
        return rewrite(16, addr, 2, port);
    }

    private IcmpQuote rewrite(int addrOffset, Ipv4Address addr, int portOffset, int port) {
        byte[] b = bytes.clone();
        int oldAddr = ByteBuffer.wrap(b).getInt(addrOffset);
        int newAddr = addr.bits();
        ByteBuffer.wrap(b).putInt(addrOffset, newAddr);
        putU16(b, 10, Checksums.replace32(u16(b, 10), oldAddr, newAddr));
        int t = headerLength;
        int n = transportLength();
        int proto = ip.protocol();
        if (!hasPorts() || ip.isFragment() && ip.fragmentOffset() != 0) {
            return new IcmpQuote(b);
        }
        if (proto == Ipv4Header.PROTO_UDP || proto == Ipv4Header.PROTO_TCP) {
            int csumAt = proto == Ipv4Header.PROTO_UDP ? t + 6 : t + 16;
            boolean csumQuoted = proto == Ipv4Header.PROTO_UDP ? n >= UdpHeader.LENGTH && u16(b, csumAt) != 0
                    : n >= TcpHeader.MIN_LENGTH;
            int csum = csumQuoted ? u16(b, csumAt) : 0;
            csum = Checksums.replace32(csum, oldAddr, newAddr);
            if (port >= 0 && n >= portOffset + 2) {
                csum = Checksums.replace16(csum, u16(b, t + portOffset), port);
                putU16(b, t + portOffset, port);
            }
            if (csumQuoted) {
                putU16(b, csumAt, proto == Ipv4Header.PROTO_UDP && csum == 0 ? 0xffff : csum);
            }
        } else if (proto == Ipv4Header.PROTO_ICMP && port >= 0 && n >= 6 && echo()) {
            int csum = Checksums.replace16(u16(b, t + 2), u16(b, t + 4), port);
            putU16(b, t + 4, port);
            if (n >= 4) {
                putU16(b, t + 2, csum);
            }
        }
        return new IcmpQuote(b);
    }

    private int u16(int off) {
        return u16(bytes, off);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    private static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** E.g. {@code quoted IPv4 192.168.1.10 > 192.168.1.11 udp 40000 > 9999 (34 of 34 bytes)}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("quoted IPv4 ").append(ip.src()).append(" > ").append(ip.dst())
                .append(' ').append(Ipv4Header.protocolName(ip.protocol()));
        if (srcPort() >= 0) {
            if (ip.protocol() == Ipv4Header.PROTO_ICMP) {
                sb.append(" id ").append(srcPort());
            } else {
                sb.append(' ').append(srcPort()).append(" > ").append(dstPort());
            }
        }
        return sb.append(" (").append(bytes.length).append(" of ").append(totalLength).append(" bytes)").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpQuote q && Arrays.equals(bytes, q.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return summary();
    }
}
