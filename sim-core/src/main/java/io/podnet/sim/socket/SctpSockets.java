package io.podnet.sim.socket;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.SctpChunk;
import io.podnet.sim.wire.SctpHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The SCTP half of a namespace's {@link SocketLayer}: listening sockets, associations, and what the
 * kernel answers to a packet that belongs to none ("out of the blue", RFC 9260 §8.4), as Linux's
 * {@code sctp_sf_ootb}/{@code sctp_sf_tabort_8_4_8} does:
 * <ul>
 *   <li>an INIT to a port nobody listens on gets an ABORT whose verification tag is the INIT's
 *       initiate tag, T bit clear;</li>
 *   <li>a SHUTDOWN-ACK gets a SHUTDOWN-COMPLETE with the T bit set (tag reflected);</li>
 *   <li>an ABORT, a SHUTDOWN-COMPLETE, a COOKIE-ACK or an ERROR is discarded silently;</li>
 *   <li>anything else gets an ABORT with the T bit set (tag reflected).</li>
 * </ul>
 *
 * <p>A listener answers an INIT statelessly with an INIT-ACK carrying a State Cookie; the
 * association exists only once the COOKIE-ECHO returns a valid, fresh cookie (60 s, Linux's
 * {@code valid_cookie_life}). The cookie holds both tags, both initial TSNs, the peer's window and
 * its creation time, signed with a per-namespace secret by CRC32c: not cryptographic (Linux signs
 * with HMAC-SHA1 and embeds the whole INIT, so its cookie is larger), but a forged or stale cookie
 * is refused the same way. Verification tags, initial TSNs, ephemeral ports and the secret come
 * from the socket layer's seeded random stream, drawn only when SCTP is used.
 */
final class SctpSockets {
    /** Linux's {@code net.sctp.valid_cookie_life}. */
    static final long COOKIE_LIFE = 60 * Durations.S;

    private final SocketLayer layer;
    private final Map<Key, SctpAssociation> associations = new HashMap<>();
    private final Map<Integer, List<SctpListener>> listeners = new HashMap<>();
    private final Map<Integer, Integer> portUse = new HashMap<>();
    private long secret = -1;

    private record Key(Endpoint local, Endpoint remote) {}

    /** The fields a State Cookie carries. */
    record Cookie(long myTag, long peerTag, long myInitialTsn, long peerInitialTsn, long peerRwnd, long createdNs) {
        static final int LENGTH = 4 * 5 + 8 + 4;
    }

    SctpSockets(SocketLayer layer) {
        this.layer = layer;
    }

    Engine engine() {
        return layer.engine();
    }

    int mtuFor(Endpoint remote) {
        return layer.ip().mtuFor(remote.address());
    }

    // ---------------------------------------------------------------- API

    SctpListener listen(Ipv4Address address, int port, SctpAcceptor acceptor) {
        for (SctpListener l : listeners.getOrDefault(port, List.of())) {
            if (address.equals(Ipv4Address.ANY) || l.local().address().equals(Ipv4Address.ANY)
                    || l.local().address().equals(address)) {
                throw new IllegalArgumentException("EADDRINUSE: SCTP port " + port + " is already listened on at "
                        + l.local() + " in " + layer.namespace());
            }
        }
        SctpListener l = new SctpListener(this, new Endpoint(address, port), acceptor);
        listeners.computeIfAbsent(port, k -> new ArrayList<>()).add(l);
        portUse.merge(port, 1, Integer::sum);
        return l;
    }

    /** How many SCTP operations are running (the stack is owned); see {@link #owned}. */
    private int busy;
    /** Packets that arrived while the stack was owned, processed when it is released (sk_backlog). */
    private final java.util.ArrayDeque<Runnable> backlog = new java.util.ArrayDeque<>();

    SctpAssociation connect(Endpoint remote, String flow, SctpHandler handler) {
        Ipv4Address src = layer.ip().sourceFor(remote.address());
        int port = ephemeralPort();
        long tag = nonZeroTag();
        long tsn = layer.random().nextLong() & 0xffffffffL;
        SctpAssociation[] made = new SctpAssociation[1];
        owned(() -> made[0] = SctpAssociation.connect(this, new Endpoint(src == null ? Ipv4Address.ANY : src, port),
                remote, flow, handler, tag, tsn));
        return made[0];
    }

    /**
     * Runs {@code r} with the SCTP stack owned (the kernel's {@code lock_sock}): a packet that arrives
     * meanwhile — under the CPU model a peer in the same kernel answers inside this call's own transmit
     * (veth delivers in the sender's context) — waits in the backlog and is processed when the
     * outermost call returns, never half-way through an operation (an INIT-ACK before the INIT's state
     * is recorded, DATA before the accepted association has its handler).
     */
    private void owned(Runnable r) {
        busy++;
        try {
            r.run();
        } finally {
            busy--;
        }
        while (busy == 0 && !backlog.isEmpty()) {
            Runnable next = backlog.poll();
            busy++;
            try {
                next.run();
            } finally {
                busy--;
            }
        }
    }

    SctpAssociation find(Endpoint local, Endpoint remote) {
        return associations.get(new Key(local, remote));
    }

    List<SctpAssociation> associations() {
        List<SctpAssociation> out = new ArrayList<>(associations.values());
        out.sort(Comparator.comparing(SctpAssociation::local).thenComparing(SctpAssociation::remote));
        return out;
    }

    // ---------------------------------------------------------------- receive

    void input(PacketBuffer pb, Ipv4Header iph, SctpHeader h) {
        if (busy > 0) {
            backlog.add(() -> inputOwned(pb, iph, h));
            return;
        }
        owned(() -> inputOwned(pb, iph, h));
    }

    private void inputOwned(PacketBuffer pb, Ipv4Header iph, SctpHeader h) {
        Endpoint local = new Endpoint(iph.dst(), h.dstPort());
        Endpoint remote = new Endpoint(iph.src(), h.srcPort());
        String what = describe(h) + " from " + remote;
        SctpAssociation a = associations.get(new Key(local, remote));
        if (a != null) {
            if (!a.accepts(h)) {
                layer.drop(pb, DropReason.INVALID, what + " to association " + local + " has verification tag 0x"
                        + Long.toHexString(h.verificationTag()) + ", not the association's: discarded (RFC 9260 §8.5)",
                        a.state().name());
                return;
            }
            if (layer.tracing()) {
                layer.deliverEvent(pb, what + " delivered to association " + local + " (" + a.state() + ")",
                        a.state().name(), a.detail());
            }
            a.packetArrived(h);
            return;
        }
        SctpListener l = findListener(iph.dst(), h.dstPort());
        SctpChunk first = h.chunks().isEmpty() ? null : h.chunks().get(0);
        if (l != null && first instanceof SctpChunk.Init init && !init.ack()) {
            if (h.verificationTag() != 0 || h.chunks().size() != 1) {
                layer.drop(pb, DropReason.INVALID, what + ": an INIT must have verification tag 0 and be alone "
                        + "in its packet (RFC 9260 §8.5.1, §6.10); discarded", "LISTEN");
                return;
            }
            if (layer.tracing()) {
                layer.deliverEvent(pb, what + " reached the listening socket " + l.local()
                        + ", which answers with INIT-ACK and a State Cookie (no state kept)", "LISTEN",
                        "listening on " + l.local());
            }
            answerInit(pb, local, remote, init);
            return;
        }
        if (l != null && first instanceof SctpChunk.CookieEcho ce) {
            Cookie c = openCookie(ce.cookie());
            String problem = c == null ? "its State Cookie is not one this socket signed"
                    : h.verificationTag() != c.myTag() ? "its verification tag is not the cookie's"
                    : engine().now() - c.createdNs() > COOKIE_LIFE ? "its State Cookie is stale (older than 60 s)" : null;
            if (problem != null) {
                layer.drop(pb, DropReason.INVALID, what + " to " + local + " is discarded: " + problem, "LISTEN");
                return;
            }
            if (layer.tracing()) {
                layer.deliverEvent(pb, what + " reached the listening socket " + l.local()
                        + " with a valid State Cookie: the association is established", "LISTEN",
                        "listening on " + l.local());
            }
            SctpAssociation na = SctpAssociation.fromCookie(this, l, local, remote, pb.flow(), c);
            List<SctpChunk> rest = h.chunks().subList(1, h.chunks().size());
            if (!rest.isEmpty()) {
                na.packetArrived(new SctpHeader(h.srcPort(), h.dstPort(), h.verificationTag(), rest));
            }
            return;
        }
        outOfTheBlue(pb, iph, h, local, remote, l != null);
    }

    private void outOfTheBlue(PacketBuffer pb, Ipv4Header iph, SctpHeader h, Endpoint local, Endpoint remote,
                              boolean listening) {
        String what = describe(h) + " from " + remote + " to " + local;
        String where = listening ? "matches no association of the listening socket"
                : "finds no SCTP socket (nothing listens on " + local + ")";
        if (iph.src().isBroadcast() || iph.src().isMulticast() || iph.dst().isBroadcast() || iph.dst().isMulticast()) {
            layer.drop(pb, DropReason.NO_SOCKET, what + " " + where + "; not unicast: discarded (RFC 9260 §8.4)", "");
            return;
        }
        SctpChunk reply = null;
        long vtag = h.verificationTag();
        String answer;
        if (h.has(SctpChunk.ABORT) || h.has(SctpChunk.SHUTDOWN_COMPLETE) || h.has(SctpChunk.COOKIE_ACK)
                || h.has(SctpChunk.ERROR)) {
            answer = "discarded without an answer (RFC 9260 §8.4)";
        } else if (h.chunks().isEmpty()) {
            answer = "an empty packet is discarded";
        } else if (h.chunks().get(0) instanceof SctpChunk.Init init && !init.ack()) {
            reply = new SctpChunk.Abort(false, new byte[0]);
            vtag = init.initiateTag();
            answer = "the kernel answers with ABORT (tag = the INIT's initiate tag)";
        } else if (h.has(SctpChunk.SHUTDOWN_ACK)) {
            reply = new SctpChunk.ShutdownComplete(true);
            answer = "the kernel answers with SHUTDOWN-COMPLETE (T bit: tag reflected)";
        } else {
            reply = new SctpChunk.Abort(true, new byte[0]);
            answer = "the kernel answers with ABORT (T bit: tag reflected)";
        }
        layer.drop(pb, DropReason.NO_SOCKET, what + " " + where + "; " + answer, "");
        if (reply != null) {
            SctpHeader out = SctpHeader.of(h.dstPort(), h.srcPort(), vtag, reply);
            emit(pb.flow(), iph.dst(), iph.src(), out, "CLOSED", "out of the blue: " + describe(h), describe(out)
                    + " from " + local + " to " + remote + " (no association: connection refused)");
        }
    }

    private void answerInit(PacketBuffer pb, Endpoint local, Endpoint remote, SctpChunk.Init init) {
        long myTag = nonZeroTag();
        long myTsn = layer.random().nextLong() & 0xffffffffL;
        byte[] cookie = makeCookie(new Cookie(myTag, init.initiateTag(), myTsn, init.initialTsn(), init.receiverWindow(),
                engine().now()));
        int os = Math.min(SctpAssociation.OUTBOUND_STREAMS, init.inboundStreams());
        int is = Math.min(SctpAssociation.INBOUND_STREAMS, init.outboundStreams());
        SctpChunk.Init ack = new SctpChunk.Init(true, myTag, SctpAssociation.RECEIVER_WINDOW, os, is, myTsn,
                List.of(new SctpChunk.Parameter(SctpChunk.Parameter.STATE_COOKIE, cookie)));
        SctpHeader out = SctpHeader.of(local.port(), remote.port(), init.initiateTag(), ack);
        emit(pb.flow(), local.address(), remote.address(), out, "LISTEN", "INIT-ACK with State Cookie",
                describe(out) + " from " + local + " to " + remote + " (answer to INIT)");
    }

    // ---------------------------------------------------------------- send path

    void send(SctpAssociation a, SctpHeader h, String reason) {
        emit(a.flow(), a.local().address(), a.remote().address(), h, a.state().name(), a.detail(),
                describe(h) + " from " + a.local() + " to " + a.remote() + " (" + reason + ")");
    }

    private void emit(String flow, Ipv4Address src, Ipv4Address dst, SctpHeader h, String state, String detail,
                      String explanation) {
        Packet p = Packet.of(new byte[0], Ipv4Header.of(src, dst, Ipv4Header.PROTO_SCTP, layer.config().ttl(),
                layer.nextIpId()), h);
        PacketBuffer out = new PacketBuffer(layer.ip().nextPacketId(), flow, p);
        if (layer.tracing()) {
            layer.event(out, EventKind.SEND, explanation, new Decision.Socket(state, detail));
        }
        owned(() -> layer.ip().output(out));
    }

    void register(SctpAssociation a) {
        if (associations.putIfAbsent(new Key(a.local(), a.remote()), a) != null) {
            throw new IllegalStateException("an SCTP association " + a.local() + " > " + a.remote() + " already exists");
        }
        portUse.merge(a.local().port(), 1, Integer::sum);
    }

    void unregister(SctpAssociation a) {
        if (associations.remove(new Key(a.local(), a.remote()), a)) {
            release(a.local().port());
        }
    }

    void unregister(SctpListener l) {
        List<SctpListener> ls = listeners.get(l.local().port());
        if (ls != null && ls.remove(l)) {
            if (ls.isEmpty()) {
                listeners.remove(l.local().port());
            }
            release(l.local().port());
        }
    }

    void noteError(SctpAssociation a, SctpState before, SocketError err) {
        layer.note(-1, a.flow(), "association " + a.local() + " > " + a.remote() + " fails in " + before + ": "
                + err.describe(), SctpState.CLOSED.name(), err.name());
    }

    // ---------------------------------------------------------------- helpers

    private void release(int port) {
        portUse.computeIfPresent(port, (k, v) -> v <= 1 ? null : v - 1);
    }

    private long nonZeroTag() {
        long t;
        do {
            t = layer.random().nextLong() & 0xffffffffL;
        } while (t == 0);
        return t;
    }

    private int ephemeralPort() {
        int n = SocketLayer.EPHEMERAL_HIGH - SocketLayer.EPHEMERAL_LOW + 1;
        int start = layer.random().nextInt(n);
        for (int i = 0; i < n; i++) {
            int port = SocketLayer.EPHEMERAL_LOW + (start + i) % n;
            if (!portUse.containsKey(port)) {
                return port;
            }
        }
        throw new IllegalStateException("EADDRNOTAVAIL: every ephemeral SCTP port of " + layer.namespace() + " is in use");
    }

    private SctpListener findListener(Ipv4Address dst, int port) {
        SctpListener any = null;
        for (SctpListener l : listeners.getOrDefault(port, List.of())) {
            if (l.local().address().equals(dst)) {
                return l;
            }
            if (l.matches(dst)) {
                any = l;
            }
        }
        return any;
    }

    private long secret() {
        if (secret < 0) {
            secret = layer.random().nextLong() & Long.MAX_VALUE;
        }
        return secret;
    }

    private byte[] makeCookie(Cookie c) {
        ByteBuffer b = ByteBuffer.allocate(Cookie.LENGTH);
        b.putInt((int) c.myTag()).putInt((int) c.peerTag()).putInt((int) c.myInitialTsn()).putInt((int) c.peerInitialTsn())
                .putInt((int) c.peerRwnd()).putLong(c.createdNs());
        b.putInt(sign(b.array(), Cookie.LENGTH - 4));
        return b.array();
    }

    private Cookie openCookie(byte[] bytes) {
        if (bytes.length != Cookie.LENGTH) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Cookie c = new Cookie(b.getInt() & 0xffffffffL, b.getInt() & 0xffffffffL, b.getInt() & 0xffffffffL,
                b.getInt() & 0xffffffffL, b.getInt() & 0xffffffffL, b.getLong());
        return b.getInt() == sign(bytes, Cookie.LENGTH - 4) ? c : null;
    }

    private int sign(byte[] b, int len) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(secret()).array());
        crc.update(b, 0, len);
        return (int) crc.getValue();
    }

    /** {@code SCTP INIT}, {@code SCTP DATA (100 bytes)}, {@code SCTP SACK + DATA (100 bytes)}. */
    static String describe(SctpHeader h) {
        StringBuilder sb = new StringBuilder("SCTP ");
        for (int i = 0; i < h.chunks().size(); i++) {
            SctpChunk c = h.chunks().get(i);
            if (i > 0) {
                sb.append(" + ");
            }
            String name = SctpChunk.typeName(c.type()).replace('_', '-');
            sb.append(name);
            if (c instanceof SctpChunk.Data d) {
                sb.append(" (tsn ").append(d.tsn()).append(", ").append(d.userDataLength()).append(" bytes)");
            }
        }
        if (h.chunks().isEmpty()) {
            sb.append("(no chunks)");
        }
        return sb.toString();
    }
}
