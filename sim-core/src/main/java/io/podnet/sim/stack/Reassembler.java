package io.podnet.sim.stack;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.wire.DecodeOptions;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * IPv4 reassembly before local delivery ({@code ip_defrag}): fragments are keyed by (source,
 * destination, protocol, identification); once the pieces cover the datagram from offset 0 to the
 * last fragment, the datagram is rebuilt from its bytes and decoded again (so transport headers
 * reappear). An incomplete datagram is discarded after {@code ipfrag_time} (30 s).
 *
 * <p>Splitting is {@link io.podnet.sim.wire.Ipv4Fragments#fragment} (used by {@link IpPath}); this
 * class does not reuse {@link io.podnet.sim.wire.Ipv4Fragments#reassemble} because it works
 * incrementally (one fragment at a time, with a timer) and tolerates duplicate and overlapping
 * fragments (earlier bytes win), which the strict list-based {@code reassemble} rejects. Note:
 * Linux since 4.19 discards the whole queue on an overlap; that difference is not modelled.
 */
final class Reassembler {
    static final long TIMEOUT_NANOS = 30 * Durations.S;

    private record Key(int src, int dst, int proto, int id) {}

    private static final class Pending {
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        Ipv4Header first;
        int total = -1;
        EventHandle timer;
        PacketBuffer firstBuffer;
    }

    interface Expiry {
        void expired(PacketBuffer firstFragment);
    }

    private final NetNamespace ns;
    private final Map<Key, Pending> pending = new HashMap<>();

    Reassembler(NetNamespace ns) {
        this.ns = ns;
    }

    /**
     * Adds a fragment; when the datagram is complete, returns the buffer of its first fragment
     * (offset 0, so the packet keeps its id) holding the whole datagram, else null. Throws
     * {@link WireException} when the rebuilt bytes do not decode.
     */
    PacketBuffer add(PacketBuffer pb, DecodeOptions options, Expiry onExpiry) {
        Packet p = pb.packet();
        Ipv4Header ip = p.first(Ipv4Header.class);
        Key k = new Key(ip.src().bits(), ip.dst().bits(), ip.protocol(), ip.identification());
        Pending q = pending.get(k);
        if (q == null) {
            q = new Pending();
            pending.put(k, q);
            Pending fq = q;
            q.timer = ns.engine().schedule(TIMEOUT_NANOS, () -> {
                pending.remove(k);
                onExpiry.expired(fq.firstBuffer);
            });
        }
        byte[] data = p.payload();
        int off = ip.fragmentOffset() * 8;
        q.pieces.put(off, data);
        if (off == 0) {
            q.first = ip;
            q.firstBuffer = pb;
        }
        if (!ip.moreFragments()) {
            q.total = off + data.length;
        }
        if (q.first == null || q.total < 0) {
            return null;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(q.total);
        int covered = 0;
        for (Map.Entry<Integer, byte[]> e : q.pieces.entrySet()) {
            if (e.getKey() > covered) {
                return null;
            }
            int skip = covered - e.getKey();
            byte[] b = e.getValue();
            if (skip < b.length) {
                all.write(b, skip, b.length - skip);
                covered += b.length - skip;
            }
        }
        if (covered < q.total) {
            return null;
        }
        pending.remove(k);
        ns.engine().cancel(q.timer);
        byte[] body = all.toByteArray();
        Ipv4Header whole = q.first.withFragment(false, 0);
        q.firstBuffer.setPacket(Packet.decodeIpv4(Packet.of(body, whole).encode(), options));
        return q.firstBuffer;
    }

    int pendingCount() {
        return pending.size();
    }
}
