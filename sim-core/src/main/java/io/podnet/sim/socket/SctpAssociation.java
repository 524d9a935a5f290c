package io.podnet.sim.socket;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.wire.SctpChunk;
import io.podnet.sim.wire.SctpHeader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * One SCTP association (RFC 9260), one stream, one path: the four-way handshake (INIT, INIT-ACK
 * with the State Cookie, COOKIE-ECHO, COOKIE-ACK), DATA with TSNs acknowledged by SACKs (delayed up
 * to 200 ms or every second packet, at once when out of order; bundled before DATA when one is
 * due), T3-rtx retransmission with RTO from RTT samples (Linux's rto_initial 3 s, rto_min 1 s,
 * rto_max 60 s, doubling on each expiry), slow start and congestion avoidance (§7.2), the graceful
 * SHUTDOWN / SHUTDOWN-ACK / SHUTDOWN-COMPLETE exchange and ABORT.
 *
 * <p>Simplifications: one DATA chunk per packet (no bundling of several DATA chunks), no fast
 * retransmit, no heartbeats, no multi-homing, no partial reliability; gap ack blocks are sent but a
 * sender only reads the cumulative ack.
 */
public final class SctpAssociation {
    /** Linux's {@code net.sctp.rto_initial}, {@code rto_min}, {@code rto_max}. */
    static final long RTO_INITIAL = 3 * Durations.S;
    static final long RTO_MIN = Durations.S;
    static final long RTO_MAX = 60 * Durations.S;
    /** {@code net.sctp.max_init_retransmits}, {@code association_max_retrans}. */
    static final int MAX_INIT_RETRANSMITS = 8;
    static final int MAX_RETRANS = 10;
    /** {@code net.sctp.sack_timeout} (200 ms) and SACK frequency (every second packet). */
    static final long SACK_DELAY = 200 * Durations.MS;
    /** The receiver window Linux advertises by default (and keeps: the application reads at once). */
    public static final long RECEIVER_WINDOW = 106496;
    /** Linux's default stream counts in INIT: 10 outbound, 65535 inbound. */
    public static final int OUTBOUND_STREAMS = 10;
    public static final int INBOUND_STREAMS = 65535;
    /** Bytes around a DATA chunk's user data: IPv4 (20), common header (12), DATA chunk header (16). */
    static final int DATA_OVERHEAD = 20 + SctpHeader.COMMON_LENGTH + 4 + SctpChunk.Data.FIXED_LENGTH;

    private final SctpSockets sockets;
    private final Endpoint local;
    private final Endpoint remote;
    private final String flow;
    private SctpHandler handler;
    private SctpState state;
    private final long myTag;
    private long peerTag;
    private final long myInitialTsn;
    private long nextTsn;
    private long peerCumTsn;
    private long peerRwnd = RECEIVER_WINDOW;
    private int nextSsn;
    private byte[] cookie;
    private final int mtu;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private long rto = RTO_INITIAL;
    private long srtt = -1;
    private long rttvar;
    private final Deque<Outgoing> outstanding = new ArrayDeque<>();
    private final Deque<SctpChunk.Data> queue = new ArrayDeque<>();
    private final TreeMap<Long, SctpChunk.Data> reorder = new TreeMap<>();
    private final ByteArrayOutputStream reassembly = new ByteArrayOutputStream();
    private final List<Long> duplicates = new ArrayList<>();
    private EventHandle t1;
    private EventHandle t2;
    private EventHandle t3;
    private EventHandle sackTimer;
    private int t1Count;
    private int errorCount;
    private int dataPacketsUnacked;
    private boolean sackDue;
    private int retransmissions;

    private static final class Outgoing {
        final SctpChunk.Data chunk;
        long sentAt;
        boolean retransmitted;

        Outgoing(SctpChunk.Data chunk, long sentAt) {
            this.chunk = chunk;
            this.sentAt = sentAt;
        }
    }

    private SctpAssociation(SctpSockets sockets, Endpoint local, Endpoint remote, String flow, SctpHandler handler,
                            long myTag, long myInitialTsn) {
        this.sockets = sockets;
        this.local = local;
        this.remote = remote;
        this.flow = flow;
        this.handler = handler == null ? new SctpHandler() {} : handler;
        this.myTag = myTag;
        this.myInitialTsn = myInitialTsn;
        this.nextTsn = myInitialTsn;
        this.mtu = sockets.mtuFor(remote);
        this.cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380)); // RFC 9260 §7.2.1
        this.ssthresh = RECEIVER_WINDOW;
    }

    /** Active open: INIT leaves at once, T1-init runs. */
    static SctpAssociation connect(SctpSockets sockets, Endpoint local, Endpoint remote, String flow, SctpHandler handler,
                                   long myTag, long myInitialTsn) {
        SctpAssociation a = new SctpAssociation(sockets, local, remote, flow, handler, myTag, myInitialTsn);
        a.state = SctpState.COOKIE_WAIT;
        sockets.register(a);
        if (local.address().equals(io.podnet.sim.net.Ipv4Address.ANY)) {
            sockets.engine().scheduleNow(() -> a.close(SocketError.ENETUNREACH, false)); // no route: connect fails
        } else {
            a.sendInit();
        }
        return a;
    }

    /** Passive open from a valid State Cookie: ESTABLISHED, COOKIE-ACK leaves at once. */
    static SctpAssociation fromCookie(SctpSockets sockets, SctpListener listener, Endpoint local, Endpoint remote,
                                      String flow, SctpSockets.Cookie c) {
        SctpAssociation a = new SctpAssociation(sockets, local, remote, flow, null, c.myTag(), c.myInitialTsn());
        a.peerTag = c.peerTag();
        a.peerCumTsn = (c.peerInitialTsn() - 1) & 0xffffffffL;
        a.peerRwnd = c.peerRwnd();
        a.state = SctpState.ESTABLISHED;
        sockets.register(a);
        a.send(List.of(new SctpChunk.CookieAck()), a.peerTag, "COOKIE-ECHO accepted: association established");
        a.handler = listener.accept(a);
        if (a.handler == null) {
            a.handler = new SctpHandler() {};
        }
        a.handler.onEstablished(a);
        return a;
    }

    public Endpoint local() {
        return local;
    }

    public Endpoint remote() {
        return remote;
    }

    public String flow() {
        return flow;
    }

    public SctpState state() {
        return state;
    }

    /** DATA chunks sent again after a T3-rtx expiry. */
    public int retransmissions() {
        return retransmissions;
    }

    /** Our verification tag (the peer puts it on every packet to us). */
    public long myTag() {
        return myTag;
    }

    /** The peer's verification tag (0 until INIT-ACK). */
    public long peerTag() {
        return peerTag;
    }

    /** The TSN of our next new DATA chunk. */
    public long nextTsn() {
        return nextTsn;
    }

    /** The last in-order TSN received from the peer. */
    public long cumulativeTsnReceived() {
        return peerCumTsn;
    }

    /** A short state description for trace events: {@code tsn 5 cum 3 outstanding 2 cwnd 4380}. */
    String detail() {
        return "vtag 0x" + Long.toHexString(myTag) + "/0x" + Long.toHexString(peerTag) + " next tsn " + nextTsn
                + " cum tsn " + peerCumTsn + " outstanding " + outstanding.size() + " cwnd " + cwnd;
    }

    // ---------------------------------------------------------------- user calls

    /**
     * Sends one user message on stream 0, fragmented into DATA chunks that fit the path MTU. Allowed
     * while the association is being set up (queued until ESTABLISHED) and established.
     */
    public void send(byte[] message) {
        if (state != SctpState.COOKIE_WAIT && state != SctpState.COOKIE_ECHOED && state != SctpState.ESTABLISHED) {
            throw new IllegalStateException("SCTP association " + local + " > " + remote + " cannot send in " + state);
        }
        if (message == null || message.length == 0) {
            throw new IllegalArgumentException("an SCTP message needs at least one byte");
        }
        int max = Math.max(1, mtu - DATA_OVERHEAD) & ~3;
        int ssn = nextSsn;
        nextSsn = (nextSsn + 1) & 0xffff;
        for (int off = 0; off < message.length; off += max) {
            int len = Math.min(max, message.length - off);
            int flags = (off == 0 ? 0x02 : 0) | (off + len == message.length ? 0x01 : 0);
            byte[] part = java.util.Arrays.copyOfRange(message, off, off + len);
            queue.add(new SctpChunk.Data(flags, nextTsn, 0, ssn, 0, part));
            nextTsn = Seq.add(nextTsn, 1);
        }
        flush();
    }

    /** Graceful shutdown (RFC 9260 §9.2): SHUTDOWN once every DATA chunk sent is acknowledged. */
    public void shutdown() {
        switch (state) {
            case COOKIE_WAIT, COOKIE_ECHOED -> close(null, false); // Linux deletes the TCB without a word
            case ESTABLISHED -> {
                state = SctpState.SHUTDOWN_PENDING;
                maybeFinishShutdown();
            }
            default -> {
            }
        }
    }

    /** Aborts: ABORT to the peer (once its tag is known), CLOSED at once, no callback. */
    public void abort() {
        if (state == SctpState.CLOSED) {
            return;
        }
        if (state != SctpState.COOKIE_WAIT) {
            send(List.of(new SctpChunk.Abort(false, new byte[0])), peerTag, "abort");
        }
        close(null, false);
    }

    // ---------------------------------------------------------------- receive

    /** Whether the packet's verification tag is right for this association (RFC 9260 §8.5). */
    boolean accepts(SctpHeader h) {
        for (SctpChunk c : h.chunks()) {
            if (c instanceof SctpChunk.Abort a && a.tBit() || c instanceof SctpChunk.ShutdownComplete s && s.tBit()) {
                return h.verificationTag() == peerTag;
            }
        }
        return h.verificationTag() == myTag;
    }

    void packetArrived(SctpHeader h) {
        // Counted before the chunks are processed, so that a reply the application sends at once
        // carries the SACK bundled before its DATA.
        boolean data = h.has(SctpChunk.DATA) && receivesData();
        if (data) {
            dataPacketsUnacked++;
        }
        for (SctpChunk c : h.chunks()) {
            if (state == SctpState.CLOSED) {
                return;
            }
            if (c instanceof SctpChunk.Data d) {
                dataArrived(d);
            } else if (c instanceof SctpChunk.Init i && i.ack()) {
                initAckArrived(i);
            } else if (c instanceof SctpChunk.CookieAck) {
                cookieAckArrived();
            } else if (c instanceof SctpChunk.Sack s) {
                ackArrived(s.cumulativeTsnAck(), s.receiverWindow());
            } else if (c instanceof SctpChunk.Shutdown s) {
                shutdownArrived(s);
            } else if (c instanceof SctpChunk.ShutdownAck) {
                shutdownAckArrived();
            } else if (c instanceof SctpChunk.ShutdownComplete) {
                if (state == SctpState.SHUTDOWN_ACK_SENT) {
                    close(null, true);
                }
            } else if (c instanceof SctpChunk.Abort) {
                boolean setup = state == SctpState.COOKIE_WAIT || state == SctpState.COOKIE_ECHOED;
                close(setup ? SocketError.ECONNREFUSED : SocketError.ECONNRESET, false);
                return;
            }
        }
        if (data && state != SctpState.CLOSED && dataPacketsUnacked > 0) {
            if (state == SctpState.SHUTDOWN_SENT) {
                sendShutdown("DATA arrived in SHUTDOWN-SENT: SHUTDOWN again"); // §9.2
            } else if (sackDue || dataPacketsUnacked >= 2) {
                sendSack("every second packet, or out of order / duplicate");
            } else if (sackTimer == null) {
                sackTimer = sockets.engine().schedule(SACK_DELAY, () -> {
                    sackTimer = null;
                    if (state != SctpState.CLOSED && dataPacketsUnacked > 0) {
                        sendSack("delayed SACK timer (200 ms)");
                    }
                });
            }
        }
    }

    private void initAckArrived(SctpChunk.Init i) {
        if (state != SctpState.COOKIE_WAIT || i.stateCookie() == null) {
            return; // RFC 9260 §5.2.3: discarded in any other state
        }
        cancel(t1);
        peerTag = i.initiateTag();
        peerCumTsn = (i.initialTsn() - 1) & 0xffffffffL;
        peerRwnd = i.receiverWindow();
        cookie = i.stateCookie();
        state = SctpState.COOKIE_ECHOED;
        t1Count = 0;
        sendCookieEcho();
    }

    private void cookieAckArrived() {
        if (state != SctpState.COOKIE_ECHOED) {
            return;
        }
        cancel(t1);
        t1 = null;
        rto = RTO_INITIAL;
        state = SctpState.ESTABLISHED;
        handler.onEstablished(this);
        flush();
    }

    private boolean receivesData() {
        return state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING || state == SctpState.SHUTDOWN_SENT;
    }

    private void dataArrived(SctpChunk.Data d) {
        if (!receivesData()) {
            return;
        }
        long tsn = d.tsn();
        long key = (tsn - peerCumTsn) & 0xffffffffL;
        if (Seq.le(tsn, peerCumTsn) || reorder.containsKey(key + base())) {
            duplicates.add(tsn);
            sackDue = true;
            return;
        }
        reorder.put(key + base(), d);
        while (!reorder.isEmpty() && reorder.firstKey() == base() + 1) {
            SctpChunk.Data next = reorder.pollFirstEntry().getValue();
            peerCumTsn = Seq.add(peerCumTsn, 1);
            rebase(1);
            deliver(next);
        }
        if (!reorder.isEmpty()) {
            sackDue = true; // a gap: SACK at once (§6.7)
        }
    }

    // The reorder map is keyed by the distance from a moving base, so serial-number order is key order.
    private long reorderBase;

    private long base() {
        return reorderBase;
    }

    private void rebase(long n) {
        reorderBase += n;
    }

    private void deliver(SctpChunk.Data d) {
        if ((d.flags() & 0x02) != 0) {
            reassembly.reset();
        }
        reassembly.writeBytes(d.userData());
        if ((d.flags() & 0x01) != 0) {
            byte[] message = reassembly.toByteArray();
            reassembly.reset();
            handler.onMessage(this, message);
        }
    }

    private void ackArrived(long cumAck, long rwnd) {
        long acked = 0;
        long sample = -1;
        long now = sockets.engine().now();
        while (!outstanding.isEmpty() && Seq.le(outstanding.peekFirst().chunk.tsn(), cumAck)) {
            Outgoing o = outstanding.pollFirst();
            acked += o.chunk.userDataLength();
            if (!o.retransmitted && sample < 0) {
                sample = now - o.sentAt;
            }
        }
        if (sample >= 0) {
            rttSample(sample);
        }
        if (acked > 0) {
            errorCount = 0;
            if (cwnd <= ssthresh) {
                cwnd += Math.min(acked, mtu); // slow start
            } else {
                partialBytesAcked += acked; // congestion avoidance
                if (partialBytesAcked >= cwnd) {
                    partialBytesAcked -= cwnd;
                    cwnd += mtu;
                }
            }
        }
        peerRwnd = Math.max(0, rwnd - outstandingBytes());
        cancel(t3);
        t3 = null;
        if (!outstanding.isEmpty()) {
            startT3();
        }
        flush();
        maybeFinishShutdown();
    }

    private void rttSample(long r) {
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.max(RTO_MIN, Math.min(RTO_MAX, srtt + 4 * rttvar));
    }

    private void shutdownArrived(SctpChunk.Shutdown s) {
        ackArrived(s.cumulativeTsnAck(), peerRwnd + outstandingBytes());
        if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_RECEIVED;
            handler.onPeerShutdown(this);
            maybeFinishShutdown();
        } else if (state == SctpState.SHUTDOWN_SENT) {
            cancel(t2);
            state = SctpState.SHUTDOWN_ACK_SENT;
            sendShutdownAck();
        }
    }

    private void shutdownAckArrived() {
        if (state == SctpState.SHUTDOWN_SENT || state == SctpState.SHUTDOWN_ACK_SENT) {
            send(List.of(new SctpChunk.ShutdownComplete(false)), peerTag, "SHUTDOWN-ACK received");
            close(null, true);
        }
    }

    // ---------------------------------------------------------------- send

    private long outstandingBytes() {
        long n = 0;
        for (Outgoing o : outstanding) {
            n += o.chunk.userDataLength();
        }
        return n;
    }

    private void flush() {
        if (state != SctpState.ESTABLISHED && state != SctpState.SHUTDOWN_PENDING && state != SctpState.SHUTDOWN_RECEIVED) {
            return;
        }
        while (!queue.isEmpty()) {
            SctpChunk.Data d = queue.peekFirst();
            long out = outstandingBytes();
            if (!outstanding.isEmpty() && (out + d.userDataLength() > cwnd || d.userDataLength() > peerRwnd)) {
                break;
            }
            queue.pollFirst();
            outstanding.addLast(new Outgoing(d, sockets.engine().now()));
            peerRwnd = Math.max(0, peerRwnd - d.userDataLength());
            List<SctpChunk> chunks = new ArrayList<>(2);
            if (dataPacketsUnacked > 0) {
                SctpChunk.Sack sack = sack();
                if (20 + SctpHeader.COMMON_LENGTH + d.encodedLength() + sack.encodedLength() <= mtu) {
                    chunks.add(sack); // bundled: the SACK goes first (§6.10)
                } else {
                    send(List.of(sack), peerTag, "SACK (no room to bundle it with DATA)");
                }
            }
            chunks.add(d);
            send(chunks, peerTag, "DATA");
            if (t3 == null) {
                startT3();
            }
        }
    }

    private SctpChunk.Sack sack() {
        List<SctpChunk.GapBlock> gaps = new ArrayList<>();
        int start = -1;
        int prev = -1;
        for (long k : reorder.keySet()) {
            int off = (int) (k - base());
            if (start < 0 || off != prev + 1) {
                if (start >= 0) {
                    gaps.add(new SctpChunk.GapBlock(start, prev));
                }
                start = off;
            }
            prev = off;
            if (off > 0xffff) {
                break;
            }
        }
        if (start >= 0 && prev <= 0xffff) {
            gaps.add(new SctpChunk.GapBlock(start, prev));
        }
        SctpChunk.Sack s = new SctpChunk.Sack(peerCumTsn, RECEIVER_WINDOW, gaps, duplicates);
        duplicates.clear();
        sackDue = false;
        dataPacketsUnacked = 0;
        cancel(sackTimer);
        sackTimer = null;
        return s;
    }

    private void sendSack(String reason) {
        send(List.of(sack()), peerTag, reason);
    }

    private void maybeFinishShutdown() {
        if (!outstanding.isEmpty() || !queue.isEmpty()) {
            return;
        }
        if (state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_SENT;
            errorCount = 0;
            sendShutdown("every DATA chunk acknowledged: SHUTDOWN");
        } else if (state == SctpState.SHUTDOWN_RECEIVED) {
            state = SctpState.SHUTDOWN_ACK_SENT;
            errorCount = 0;
            sendShutdownAck();
        }
    }

    private void sendShutdown(String reason) {
        // SHUTDOWN carries the cumulative TSN ack, so it also acknowledges the peer's DATA (§9.2).
        dataPacketsUnacked = 0;
        sackDue = false;
        cancel(sackTimer);
        sackTimer = null;
        send(List.of(new SctpChunk.Shutdown(peerCumTsn)), peerTag, reason);
        restartT2(() -> sendShutdown("T2-shutdown expired: SHUTDOWN again"));
    }

    private void sendShutdownAck() {
        send(List.of(new SctpChunk.ShutdownAck()), peerTag, "peer's SHUTDOWN and every DATA chunk acknowledged");
        restartT2(this::sendShutdownAck);
    }

    private void restartT2(Runnable again) {
        cancel(t2);
        t2 = sockets.engine().schedule(rto, () -> {
            t2 = null;
            if (++errorCount > MAX_RETRANS) {
                close(SocketError.ETIMEDOUT, false);
                return;
            }
            rto = Math.min(RTO_MAX, rto * 2);
            again.run();
        });
    }

    private void sendInit() {
        List<SctpChunk.Parameter> params = List.of(
                new SctpChunk.Parameter(SctpChunk.Parameter.SUPPORTED_ADDRESS_TYPES, new byte[] {0, 5})); // IPv4
        send(List.of(new SctpChunk.Init(false, myTag, RECEIVER_WINDOW, OUTBOUND_STREAMS, INBOUND_STREAMS, myInitialTsn,
                params)), 0, t1Count == 0 ? "connect: INIT" : "T1-init expired: INIT again");
        startT1(this::sendInit);
    }

    private void sendCookieEcho() {
        send(List.of(new SctpChunk.CookieEcho(cookie)), peerTag,
                t1Count == 0 ? "INIT-ACK received: COOKIE-ECHO" : "T1-cookie expired: COOKIE-ECHO again");
        startT1(this::sendCookieEcho);
    }

    private void startT1(Runnable again) {
        long delay = RTO_INITIAL << Math.min(t1Count, 5);
        t1 = sockets.engine().schedule(Math.min(RTO_MAX, delay), () -> {
            t1 = null;
            if (++t1Count > MAX_INIT_RETRANSMITS) {
                close(SocketError.ETIMEDOUT, false);
                return;
            }
            again.run();
        });
    }

    private void startT3() {
        t3 = sockets.engine().schedule(rto, this::t3Expired);
    }

    private void t3Expired() {
        t3 = null;
        if (outstanding.isEmpty() || state == SctpState.CLOSED) {
            return;
        }
        if (++errorCount > MAX_RETRANS) {
            close(SocketError.ETIMEDOUT, false);
            return;
        }
        ssthresh = Math.max(cwnd / 2, 4L * mtu); // §7.2.3
        cwnd = mtu;
        partialBytesAcked = 0;
        rto = Math.min(RTO_MAX, rto * 2);
        Outgoing o = outstanding.peekFirst();
        o.retransmitted = true;
        o.sentAt = sockets.engine().now();
        retransmissions++;
        send(List.of(o.chunk), peerTag, "T3-rtx expired: DATA tsn " + o.chunk.tsn() + " again");
        startT3();
    }

    private void send(List<SctpChunk> chunks, long vtag, String reason) {
        sockets.send(this, new SctpHeader(local.port(), remote.port(), vtag, chunks), reason);
    }

    private void cancel(EventHandle h) {
        if (h != null) {
            sockets.engine().cancel(h);
        }
    }

    /** CLOSED: timers stop, the association leaves the table; {@code error} or a graceful close reaches the handler. */
    void close(SocketError error, boolean graceful) {
        if (state == SctpState.CLOSED) {
            return;
        }
        SctpState before = state;
        state = SctpState.CLOSED;
        cancel(t1);
        cancel(t2);
        cancel(t3);
        cancel(sackTimer);
        t1 = t2 = t3 = sackTimer = null;
        queue.clear();
        sockets.unregister(this);
        if (error != null) {
            sockets.noteError(this, before, error);
            handler.onError(this, error);
        } else if (graceful) {
            handler.onClosed(this);
        }
    }

    @Override
    public String toString() {
        return "sctp " + local + " > " + remote + " " + state;
    }
}
