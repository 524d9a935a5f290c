package io.podnet.sim.wire;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * IPv4 fragmentation and reassembly over {@link Packet}s. A fragment is the headers in front of
 * the IPv4 header (e.g. Ethernet), the IPv4 header with MF and the offset set, and the raw bytes of
 * its slice of the original payload; it has no transport header of its own.
 *
 * <p>Like Linux {@code ip_fragment}, every fragment but the last carries {@code (mtu - 20) & ~7}
 * payload bytes, and all keep the identification, TOS, TTL and protocol of the original. Whether a
 * datagram may be fragmented at all (DF) is the caller's decision: this class refuses DF datagrams
 * so that the caller sends an ICMP fragmentation-needed instead.
 */
public final class Ipv4Fragments {
    private Ipv4Fragments() {}

    /**
     * Splits the datagram starting at header {@code ipIndex} so that each fragment's IPv4 datagram
     * fits in {@code mtu} bytes. A datagram that already fits is returned alone, unchanged.
     */
    public static List<Packet> fragment(Packet p, int ipIndex, int mtu) {
        if (ipIndex < 0 || ipIndex >= p.headerCount() || !(p.header(ipIndex) instanceof Ipv4Header ip)) {
            throw new IllegalArgumentException("header " + ipIndex + " of " + p.summary() + " is not IPv4");
        }
        if (p.lengthFrom(ipIndex) <= mtu) {
            return List.of(p);
        }
        if (ip.dontFragment()) {
            throw new IllegalArgumentException("datagram of " + p.lengthFrom(ipIndex) + " bytes has DF set and does not fit MTU "
                    + mtu + ": send ICMP fragmentation needed instead");
        }
        int chunk = (mtu - Ipv4Header.LENGTH) & ~7;
        if (chunk < 8) {
            throw new IllegalArgumentException("MTU " + mtu + " is too small to fragment into");
        }
        byte[] datagram = p.from(ipIndex).encode();
        List<Header> prefix = p.headers().subList(0, ipIndex);
        List<Packet> out = new ArrayList<>();
        for (int off = Ipv4Header.LENGTH; off < datagram.length; off += chunk) {
            int len = Math.min(chunk, datagram.length - off);
            boolean last = off + len >= datagram.length;
            int units = ip.fragmentOffset() + (off - Ipv4Header.LENGTH) / 8;
            Ipv4Header fh = ip.withFragment(!last || ip.moreFragments(), units);
            List<Header> hs = new ArrayList<>(prefix);
            hs.add(fh);
            byte[] slice = new byte[len];
            System.arraycopy(datagram, off, slice, 0, len);
            out.add(new Packet(hs, slice));
        }
        return out;
    }

    /**
     * Joins the fragments of one datagram (any order) and decodes the result, verifying the
     * transport checksum. The headers in front of the IPv4 header are taken from the first fragment.
     *
     * @throws WireException when fragments are missing, overlap, or belong to different datagrams
     */
    public static Packet reassemble(List<Packet> fragments, int ipIndex, Set<Integer> vxlanPorts) {
        return reassemble(fragments, ipIndex, DecodeOptions.vxlan(vxlanPorts));
    }

    /** As {@link #reassemble(List, int, Set)}, decoding the joined datagram with {@code options}. */
    public static Packet reassemble(List<Packet> fragments, int ipIndex, DecodeOptions options) {
        if (fragments == null || fragments.isEmpty()) {
            throw new IllegalArgumentException("no fragments to reassemble");
        }
        List<Packet> sorted = new ArrayList<>(fragments);
        sorted.sort(Comparator.comparingInt(f -> ipOf(f, ipIndex).fragmentOffset()));
        Ipv4Header first = ipOf(sorted.get(0), ipIndex);
        if (first.fragmentOffset() != 0) {
            throw new WireException("first fragment (offset 0) of IPv4 id " + first.identification() + " is missing");
        }
        int expected = 0;
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < sorted.size(); i++) {
            Packet f = sorted.get(i);
            Ipv4Header h = ipOf(f, ipIndex);
            if (h.identification() != first.identification() || !h.src().equals(first.src()) || !h.dst().equals(first.dst())
                    || h.protocol() != first.protocol()) {
                throw new WireException("fragment " + h.summary() + " is not part of datagram id " + first.identification());
            }
            if (f.headerCount() != ipIndex + 1) {
                throw new WireException("fragment has headers after IPv4: " + f.summary());
            }
            int at = h.fragmentOffset() * 8;
            if (at != expected) {
                throw new WireException(at > expected ? "fragment data missing at offset " + expected
                        : "fragments overlap at offset " + at);
            }
            boolean last = i == sorted.size() - 1;
            if (last == h.moreFragments()) {
                throw new WireException(last ? "last fragment still has MF set (data after offset " + (at + f.payloadLength())
                        + " missing)" : "fragment with MF clear is not the last");
            }
            if (!last && f.payloadLength() % 8 != 0) {
                throw new WireException("non-final fragment length " + f.payloadLength() + " is not a multiple of 8");
            }
            payload.writeBytes(f.payload());
            expected = at + f.payloadLength();
        }
        Ipv4Header whole = first.withFragment(false, 0);
        byte[] datagram = Packet.of(payload.toByteArray(), whole).encode();
        Packet inner = Packet.decodeIpv4(datagram, options);
        List<Header> hs = new ArrayList<>(sorted.get(0).headers().subList(0, ipIndex));
        hs.addAll(inner.headers());
        return new Packet(hs, inner.payload());
    }

    private static Ipv4Header ipOf(Packet f, int ipIndex) {
        if (ipIndex < 0 || ipIndex >= f.headerCount() || !(f.header(ipIndex) instanceof Ipv4Header h)) {
            throw new IllegalArgumentException("header " + ipIndex + " of " + f.summary() + " is not IPv4");
        }
        return h;
    }
}
