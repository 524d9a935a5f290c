package io.podnet.sim.stack;

import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IPv4 fragmentation as {@code ip_fragment} does it: the datagram's payload (everything after the
 * IPv4 header, as encoded bytes) is cut into pieces of {@code (mtu - 20)} rounded down to a
 * multiple of 8; each fragment carries a copy of the header with its offset (in 8-byte units) and
 * MF set on all but the last (which keeps the original MF, for re-fragmented fragments).
 */
public final class Fragmenter {
    private Fragmenter() {}

    /** Splits a datagram (starting with its {@code Ipv4Header}) so each piece fits {@code mtu}. */
    public static List<Packet> fragment(Packet datagram, int mtu) {
        Ipv4Header ip = datagram.first(Ipv4Header.class);
        if (ip == null || datagram.header(0) != ip) {
            throw new IllegalArgumentException("fragment needs a datagram that starts with IPv4, got " + datagram.summary());
        }
        int chunk = (mtu - Ipv4Header.LENGTH) & ~7;
        if (chunk < 8) {
            throw new IllegalArgumentException("MTU " + mtu + " is too small to fragment into");
        }
        byte[] all = datagram.encode();
        byte[] data = Arrays.copyOfRange(all, Ipv4Header.LENGTH, all.length);
        List<Packet> out = new ArrayList<>();
        for (int off = 0; off < data.length; off += chunk) {
            int end = Math.min(data.length, off + chunk);
            boolean last = end == data.length;
            Ipv4Header h = ip.withFragment(last ? ip.moreFragments() : true, ip.fragmentOffset() + off / 8);
            out.add(Packet.of(Arrays.copyOfRange(data, off, end), h));
        }
        return out;
    }
}
