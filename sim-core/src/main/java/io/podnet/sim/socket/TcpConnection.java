package io.podnet.sim.socket;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.TcpHeader;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One TCP connection: the RFC 9293 state machine with the Linux behaviour that shows in a trace.
 *
 * <ul>
 *   <li>Open: SYN with MSS = route MTU − 40, SACK-permitted, timestamps and window scale 7 (Linux's
 *       option set and layout); SYN-ACK echoes the options the SYN carried. With timestamps every
 *       segment carries TSval (ms clock + random offset) and TSecr, and data segments hold MSS − 12
 *       bytes, as Linux's {@code mss_cache}. SYN and SYN-ACK are
 *       retransmitted after 1 s, doubling ({@code tcp_syn_retries} 6, {@code tcp_synack_retries} 5).</li>
 *   <li>Data: segments of at most the MSS, PSH on the segment that empties the send queue, FIN
 *       piggybacked on the last data segment when close() comes first. The sender is limited by
 *       min(cwnd, peer window). Slow start from 10 segments (cwnd grows by the bytes acknowledged,
 *       as Linux counts acknowledged packets), congestion avoidance above ssthresh, fast retransmit
 *       on the third duplicate ACK with NewReno recovery, and on RTO: ssthresh = flight/2, cwnd = 1
 *       segment and go-back-N from the first unacknowledged byte.</li>
 *   <li>RTO: RFC 6298 smoothing with Linux's bound, RTO = SRTT + max(4·RTTVAR, 200 ms), backoff ×2
 *       up to 120 s; Karn's rule (no samples from retransmitted segments); 3 s after a handshake
 *       whose SYN was retransmitted without a sample.</li>
 *   <li>Receive: out-of-order segments are kept and acknowledged at once with a duplicate ACK;
 *       in-order data is ACKed at once for the first 16 segments (quick-ack), then every second
 *       segment or after 40 ms, unless a reply carries the ACK first. The advertised window is the
 *       receive buffer (applications consume data as soon as it arrives). No SACK blocks, no
 *       persist timer, no Nagle; RTT is timed per flight, not from timestamps.</li>
 *   <li>Close: FIN_WAIT_1/2, CLOSING, CLOSE_WAIT, LAST_ACK; TIME_WAIT lasts {@link TcpConfig#timeWaitNs()}
 *       (shortened from Linux's 60 s) and re-ACKs a retransmitted FIN.</li>
 *   <li>Errors: RST in SYN_SENT → ECONNREFUSED; RST later → ECONNRESET; ICMP destination
 *       unreachable in SYN_SENT/SYN_RECEIVED aborts the connection with the mapped error (as
 *       {@code tcp_v4_err} does), later it is a soft error reported only if the connection times out;
 *       ICMP fragmentation-needed lowers the MSS and retransmits.</li>
 * </ul>
 *
 * <p>Sequence offsets of the receive side are kept relative to the peer's ISN, so a single
 * connection can carry up to 4 GiB in each direction.
 */
public final class TcpConnection {
    private static final int DEFAULT_MSS = 536;
    private static final long FALLBACK_RTO_NS = 3_000_000_000L;

    private final SocketLayer layer;
    private final Engine engine;
    private final TcpConfig cfg;
    private final Endpoint local;
    private final Endpoint remote;
    private final String flow;
    private final TcpListener parent;
    private TcpHandler handler;
    private TcpState state;

    // Send side.
    private final long iss;
    private long sndUna;
    private long sndNxt;
    private long sndMax;
    private long sndWnd;
    private int sndShift;
    private int rcvShift;
    private boolean offerWindowScale;
    private boolean offerSack;
    private boolean offerTimestamps;
    private boolean timestampsOk;
    private long tsOffset;
    private long tsRecent;
    private final int ownMss;
    private int mss;
    private final ByteQueue sendQueue = new ByteQueue();
    private boolean finQueued;
    private long finSeq;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE / 4;
    private int dupAcks;
    private boolean inRecovery;
    private long recover;

    // Round-trip time and retransmission.
    private long srtt = -1;
    private long rttvar;
    private long rto;
    private boolean timing;
    private long timedSeq;
    private long timedAt;
    private EventHandle rtoTimer;
    private int retries;
    private SocketError softError;

    // Receive side.
    private long irs;
    private long rcvNxt;
    private final TreeMap<Long, byte[]> outOfOrder = new TreeMap<>();
    private long outOfOrderFin = -1;
    private int outOfOrderBytes;
    private EventHandle delayedAck;
    private int segmentsSinceAck;
    private boolean ackNow;
    private String ackReason = "ACK";
    private int quickAcksLeft;
    private boolean finReceived;

    private EventHandle timeWaitTimer;
    private boolean closeNotified;

    /** The CPU of the process that owns an actively opened socket (-1: wherever the kernel runs it). */
    private final int cpu;
    /** The segment being received rides in a GRO batch behind another: an ACK for it is batched too. */
    private boolean receivingFollower;
    /** How many calls into this connection are running (the socket is "owned", as lock_sock). */
    private int owned;
    /** Segments that arrived while the connection was owned, processed when it is released (sk_backlog). */
    private final java.util.ArrayDeque<Runnable> backlog = new java.util.ArrayDeque<>();

    // Statistics.
    private long bytesSent;
    private long bytesReceived;
    private int retransmissions;

    private TcpConnection(SocketLayer layer, Endpoint local, Endpoint remote, String flow, TcpListener parent,
                          TcpHandler handler, long iss) {
        this.layer = layer;
        this.engine = layer.ip().engine();
        this.cfg = layer.config();
        this.local = local;
        this.remote = remote;
        this.flow = flow;
        this.parent = parent;
        this.handler = handler;
        this.iss = iss;
        this.cpu = parent == null ? layer.ip().socketCpu() : -1;
        this.sndUna = iss;
        this.sndNxt = iss;
        this.sndMax = iss;
        int mtu = layer.ip().mtuFor(remote.address());
        this.ownMss = mtu > 40 ? mtu - 40 : DEFAULT_MSS;
        this.mss = ownMss;
        this.rto = cfg.initialRtoNs();
        this.quickAcksLeft = cfg.quickAcks();
    }

    /** Active open: sends the SYN. */
    static TcpConnection connect(SocketLayer layer, Endpoint local, Endpoint remote, String flow, TcpHandler handler,
                                 long iss, long tsOffset) {
        TcpConnection c = new TcpConnection(layer, local, remote, flow, null, handler, iss);
        c.offerWindowScale = layer.config().windowScale() >= 0;
        c.offerSack = layer.config().sackPermitted();
        c.offerTimestamps = layer.config().timestamps();
        c.tsOffset = tsOffset;
        c.state = TcpState.SYN_SENT;
        layer.register(c);
        c.own(() -> c.sendSyn("connect"));
        return c;
    }

    /** connect() without a route: registered in SYN_SENT, failed by the caller with ENETUNREACH. */
    static TcpConnection unroutable(SocketLayer layer, Endpoint local, Endpoint remote, String flow, TcpHandler handler,
                                    long iss) {
        TcpConnection c = new TcpConnection(layer, local, remote, flow, null, handler, iss);
        c.state = TcpState.SYN_SENT;
        layer.register(c);
        return c;
    }

    /** Passive open: a SYN reached a listener; answers with SYN-ACK. */
    static TcpConnection accept(SocketLayer layer, TcpListener parent, Endpoint local, Endpoint remote, String flow,
                                TcpHeader syn, long iss, long tsOffset) {
        TcpConnection c = new TcpConnection(layer, local, remote, flow, parent, null, iss);
        c.offerWindowScale = syn.windowScale() >= 0 && layer.config().windowScale() >= 0;
        c.offerSack = syn.sackPermitted() && layer.config().sackPermitted();
        c.offerTimestamps = syn.timestamps() != null && layer.config().timestamps();
        c.tsOffset = tsOffset;
        c.takeSynOptions(syn);
        c.irs = syn.seq();
        c.rcvNxt = Seq.add(syn.seq(), 1);
        c.sndWnd = syn.window();
        c.state = TcpState.SYN_RECEIVED;
        layer.register(c);
        c.own(() -> c.sendSynAck("accept on " + parent.local()));
        return c;
    }

    // ---------------------------------------------------------------- public API

    public Endpoint local() {
        return local;
    }

    public Endpoint remote() {
        return remote;
    }

    public TcpState state() {
        return state;
    }

    /** The traffic item this connection carries (copied onto every packet it sends), or null. */
    public String flow() {
        return flow;
    }

    public void setHandler(TcpHandler handler) {
        this.handler = handler;
    }

    /**
     * The data bytes per segment ({@code mss_cache}): min of ours and the peer's MSS, minus 12 with
     * timestamps, lowered by fragmentation-needed errors.
     */
    public int mss() {
        return mss;
    }

    /** The MSS this side advertised (route MTU − 40). */
    public int advertisedMss() {
        return ownMss;
    }

    public long initialSequenceNumber() {
        return iss;
    }

    public long congestionWindow() {
        return cwnd;
    }

    public long smoothedRttNs() {
        return srtt;
    }

    public long currentRtoNs() {
        return rto;
    }

    /** Application bytes handed to the network for the first time. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Application bytes received in order. */
    public long bytesReceived() {
        return bytesReceived;
    }

    public int retransmissions() {
        return retransmissions;
    }

    /** Queues bytes for sending (allowed from SYN_SENT until close()). */
    public void send(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        if (finQueued || state == TcpState.CLOSED || state == TcpState.TIME_WAIT || state == TcpState.LISTEN) {
            throw new IllegalStateException("cannot send on " + local + " > " + remote + " in state " + state
                    + (finQueued ? " after close()" : ""));
        }
        if (data.length == 0) {
            return;
        }
        layer.ip().charge(cpu, null, io.podnet.sim.cost.CostStep.SOCKET_SEND, 1, 0);
        own(() -> {
            sendQueue.append(data);
            pump();
            flushAck();
        });
    }

    /**
     * Runs {@code r} with the connection owned (lock_sock): a segment that arrives meanwhile — a
     * receive nested in this call's own transmit under the CPU model — waits in the backlog and is
     * processed when the outermost call returns (release_sock), never half-way through a send.
     */
    private void own(Runnable r) {
        owned++;
        try {
            r.run();
        } finally {
            owned--;
        }
        while (owned == 0 && !backlog.isEmpty()) {
            Runnable next = backlog.poll();
            owned++;
            try {
                next.run();
            } finally {
                owned--;
            }
        }
    }

    /**
     * The CPU that does this socket's transmit work: its process's CPU for an actively opened socket
     * (the process copies its data in as the send buffer frees and the transmit path runs in its
     * context), else -1: the CPU the kernel already runs on (an accepted socket answers in the
     * receive softirq's context, where its server process was woken).
     */
    int txCpu() {
        return cpu;
    }

    /** Graceful close: sends FIN after the queued data. In SYN_SENT it just forgets the connection. */
    public void close() {
        own(this::closeOwned);
    }

    private void closeOwned() {
        switch (state) {
            case SYN_SENT -> finish();
            case SYN_RECEIVED -> abort();
            case ESTABLISHED, CLOSE_WAIT -> {
                finQueued = true;
                finSeq = Seq.add(sndUna, sendQueue.size());
                state = state == TcpState.ESTABLISHED ? TcpState.FIN_WAIT_1 : TcpState.LAST_ACK;
                pump();
                flushAck();
            }
            default -> {
                // already closing or closed
            }
        }
    }

    /** Abortive close: sends RST (when synchronised) and forgets the connection without callbacks. */
    public void abort() {
        own(this::abortOwned);
    }

    private void abortOwned() {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (state != TcpState.SYN_SENT && state != TcpState.TIME_WAIT) {
            TcpHeader h = TcpHeader.of(local.port(), remote.port(), sndNxt, rcvNxt, TcpHeader.RST | TcpHeader.ACK, 0);
            layer.sendTcp(this, h, new byte[0], "abort");
        }
        closeNotified = true;
        finish();
    }

    // ---------------------------------------------------------------- segment arrival

    void segmentArrived(TcpHeader t, byte[] data) {
        if (owned > 0) {
            boolean follower = receivingFollower;
            backlog.add(() -> {
                receivingFollower = follower;
                segmentArrivedOwned(t, data);
                receivingFollower = false;
            });
            return;
        }
        own(() -> segmentArrivedOwned(t, data));
    }

    private void segmentArrivedOwned(TcpHeader t, byte[] data) {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (state == TcpState.SYN_SENT) {
            synSentArrived(t);
            return;
        }
        int segLen = data.length + (t.has(TcpHeader.SYN) ? 1 : 0) + (t.has(TcpHeader.FIN) ? 1 : 0);
        if (!acceptable(t.seq(), segLen)) {
            if (!t.has(TcpHeader.RST)) {
                ackNow("ACK for an out-of-window segment");
                flushAck();
            }
            return;
        }
        if (timestampsOk && t.timestamps() != null && Seq.le(t.seq(), rcvNxt)) {
            tsRecent = t.timestamps().value();
        }
        if (t.has(TcpHeader.RST)) {
            if (state == TcpState.SYN_RECEIVED && parent != null) {
                closeNotified = true;
                finish();
            } else if (state == TcpState.TIME_WAIT) {
                finish();
            } else {
                fail(SocketError.ECONNRESET);
            }
            return;
        }
        if (t.has(TcpHeader.SYN)) {
            if (state == TcpState.SYN_RECEIVED && t.seq() == irs) {
                sendSynAck("the peer retransmitted its SYN");
            } else {
                ackNow("challenge ACK for a SYN on a synchronised connection");
                flushAck();
            }
            return;
        }
        if (!t.has(TcpHeader.ACK)) {
            return;
        }
        if (state == TcpState.SYN_RECEIVED) {
            if (Seq.gt(t.ack(), sndUna) && Seq.le(t.ack(), sndMax)) {
                completePassiveOpen(t);
                if (state == TcpState.CLOSED) {
                    return;
                }
            } else {
                layer.sendTcp(this, TcpHeader.of(local.port(), remote.port(), t.ack(), 0, TcpHeader.RST, 0),
                        new byte[0], "RST for an unacceptable ACK in SYN_RECEIVED");
                return;
            }
        } else if (!processAck(t, data.length)) {
            return;
        }
        if (state == TcpState.CLOSED) {
            return;
        }
        if (data.length > 0 || t.has(TcpHeader.FIN)) {
            processData(t.seq(), data, t.has(TcpHeader.FIN));
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        pump();
        flushAck();
    }

    private boolean acceptable(long seq, int segLen) {
        long wnd = (long) window() << rcvShift;
        if (segLen == 0) {
            return seq == rcvNxt || (Seq.ge(seq, rcvNxt) && Seq.diff(seq, rcvNxt) < wnd);
        }
        long last = Seq.add(seq, segLen - 1);
        return Seq.diff(seq, rcvNxt) < wnd && Seq.ge(last, rcvNxt);
    }

    private void synSentArrived(TcpHeader t) {
        boolean ack = t.has(TcpHeader.ACK);
        if (ack && t.ack() != Seq.add(iss, 1)) {
            if (!t.has(TcpHeader.RST)) {
                layer.sendTcp(this, TcpHeader.of(local.port(), remote.port(), t.ack(), 0, TcpHeader.RST, 0),
                        new byte[0], "RST for a segment that acknowledges nothing we sent");
            }
            return;
        }
        if (t.has(TcpHeader.RST)) {
            if (ack) {
                fail(SocketError.ECONNREFUSED);
            }
            return;
        }
        if (!t.has(TcpHeader.SYN)) {
            return;
        }
        irs = t.seq();
        rcvNxt = Seq.add(irs, 1);
        takeSynOptions(t);
        if (!ack) {
            // Simultaneous open.
            state = TcpState.SYN_RECEIVED;
            sendSynAck("simultaneous open");
            return;
        }
        sndUna = Seq.add(iss, 1);
        sndNxt = sndUna;
        sndMax = sndUna;
        sndWnd = t.window(); // never scaled in a SYN
        handshakeRtt();
        state = TcpState.ESTABLISHED;
        cwnd = (long) cfg.initialCwndSegments() * mss;
        ackNow("completes the handshake");
        flushAck();
        if (handler != null) {
            handler.onConnected(this);
        }
        if (state != TcpState.CLOSED) {
            pump();
            flushAck();
        }
    }

    private void completePassiveOpen(TcpHeader t) {
        sndUna = Seq.add(iss, 1);
        if (Seq.lt(sndNxt, sndUna)) {
            sndNxt = sndUna;
        }
        sndWnd = (long) t.window() << sndShift;
        handshakeRtt();
        state = TcpState.ESTABLISHED;
        cwnd = (long) cfg.initialCwndSegments() * mss;
        TcpHandler h = parent.accepted(this);
        if (handler == null) {
            handler = h;
        }
        if (handler != null) {
            handler.onConnected(this);
        }
    }

    private void handshakeRtt() {
        cancelRto();
        if (retries == 0) {
            sampleRtt(engine.now() - timedAt);
        } else {
            rto = FALLBACK_RTO_NS; // RFC 6298 5.7: no sample after a retransmitted SYN
        }
        timing = false;
        retries = 0;
    }

    private void takeSynOptions(TcpHeader syn) {
        int peerMss = syn.mss() > 0 ? syn.mss() : DEFAULT_MSS;
        timestampsOk = offerTimestamps && syn.timestamps() != null;
        if (syn.timestamps() != null) {
            tsRecent = syn.timestamps().value();
        }
        mss = Math.min(ownMss, peerMss) - optionBytes();
        if (syn.windowScale() >= 0 && cfg.windowScale() >= 0) {
            sndShift = syn.windowScale();
            rcvShift = cfg.windowScale();
        } else {
            sndShift = 0;
            rcvShift = 0;
        }
    }

    /** Returns false when the segment must be dropped (it acknowledged data never sent). */
    private boolean processAck(TcpHeader t, int dataLen) {
        long ack = t.ack();
        if (Seq.gt(ack, sndMax)) {
            ackNow("ACK for a segment that acknowledges unsent data");
            flushAck();
            return false;
        }
        long window = (long) t.window() << sndShift;
        if (Seq.lt(ack, sndUna)) {
            return true; // an old duplicate ACK; its data may still be new
        }
        int acked = Seq.diff(ack, sndUna);
        if (acked > 0) {
            sndWnd = window;
            if (timing && Seq.ge(ack, timedSeq)) {
                sampleRtt(engine.now() - timedAt);
                timing = false;
            }
            int dataAcked = Math.min(acked, sendQueue.size());
            sendQueue.drop(dataAcked);
            boolean finAcked = finQueued && ack == Seq.add(finSeq, 1);
            sndUna = ack;
            if (Seq.lt(sndNxt, sndUna)) {
                sndNxt = sndUna;
            }
            retries = 0;
            dupAcks = 0;
            growWindow(acked);
            recomputeRto();
            if (sndUna == sndMax) {
                cancelRto();
            } else {
                armRto();
            }
            if (finAcked) {
                ourFinAcked();
            }
        } else if (dataLen == 0 && !t.has(TcpHeader.FIN) && sndUna != sndMax && window == sndWnd) {
            dupAcks++;
            if (dupAcks == 3 && !inRecovery) {
                long flight = Seq.diff(sndMax, sndUna);
                ssthresh = Math.max(flight / 2, 2L * mss);
                recover = sndMax;
                inRecovery = true;
                retransmitHead("fast retransmit after 3 duplicate ACKs");
                cwnd = ssthresh + 3L * mss;
            } else if (dupAcks > 3 && inRecovery) {
                cwnd += mss;
            }
        } else {
            sndWnd = window;
        }
        return true;
    }

    private void growWindow(int acked) {
        if (inRecovery) {
            if (Seq.ge(sndUna, recover)) {
                inRecovery = false;
                cwnd = ssthresh;
            } else {
                retransmitHead("NewReno partial ACK: the next hole");
                cwnd = Math.max(cwnd - acked + mss, mss);
            }
        } else if (cwnd < ssthresh) {
            cwnd += Math.min(acked, ssthresh - cwnd + mss);
        } else {
            cwnd += Math.max(1, (long) mss * acked / cwnd);
        }
    }

    private void ourFinAcked() {
        switch (state) {
            case FIN_WAIT_1 -> state = TcpState.FIN_WAIT_2;
            case CLOSING -> enterTimeWait();
            case LAST_ACK -> {
                notifyClosed();
                finish();
            }
            default -> {
                // nothing
            }
        }
    }

    private void processData(long seq, byte[] data, boolean fin) {
        int d = Seq.diff(rcvNxt, seq);
        if (d > 0) {
            if (d > data.length || (d == data.length && !fin)) {
                ackNow("duplicate ACK: the segment was already received");
                return;
            }
            data = Arrays.copyOfRange(data, d, data.length);
            seq = rcvNxt;
        }
        if (seq != rcvNxt) {
            long key = offset(seq);
            byte[] old = outOfOrder.get(key);
            if (old == null || old.length < data.length) {
                outOfOrderBytes += data.length - (old == null ? 0 : old.length);
                outOfOrder.put(key, data);
            }
            if (fin) {
                outOfOrderFin = key + data.length;
            }
            ackNow("duplicate ACK: a segment arrived out of order");
            return;
        }
        long next = offset(seq) + data.length;
        boolean sawFin = fin;
        boolean filledHole = false;
        byte[] bytes;
        if (outOfOrder.isEmpty() || outOfOrder.firstKey() > next) {
            // In order with nothing queued to join: the segment's data (the socket layer's own copy
            // of the payload) is what the application reads.
            bytes = data;
        } else {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            in.writeBytes(data);
            while (!outOfOrder.isEmpty() && outOfOrder.firstKey() <= next) {
                filledHole = true;
                Map.Entry<Long, byte[]> e = outOfOrder.pollFirstEntry();
                outOfOrderBytes -= e.getValue().length;
                int skip = (int) (next - e.getKey());
                if (skip < e.getValue().length) {
                    in.write(e.getValue(), skip, e.getValue().length - skip);
                    next = e.getKey() + e.getValue().length;
                }
            }
            bytes = in.toByteArray();
        }
        if (outOfOrderFin >= 0 && outOfOrderFin == next) {
            sawFin = true;
            outOfOrderFin = -1;
        }
        int segments = bytes.length == 0 ? 0 : Math.max(1, (bytes.length + mss - 1) / mss);
        rcvNxt = Seq.add(rcvNxt, bytes.length);
        bytesReceived += bytes.length;
        if (bytes.length > 0) {
            segmentsSinceAck += segments;
            if (quickAcksLeft > 0) {
                quickAcksLeft--;
                ackNow("quick ACK");
            } else if (segmentsSinceAck >= 2) {
                ackNow("ACK every second segment");
            } else if (filledHole || !outOfOrder.isEmpty()) {
                ackNow("ACK of a segment that fills a hole");
            }
        }
        if (bytes.length > 0 && handler != null) {
            handler.onData(this, bytes);
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        if (sawFin && !finReceived) {
            finReceived = true;
            rcvNxt = Seq.add(rcvNxt, 1);
            ackNow("ACK of the peer's FIN");
            boolean timeWait = false;
            switch (state) {
                case SYN_RECEIVED, ESTABLISHED -> state = TcpState.CLOSE_WAIT;
                case FIN_WAIT_1 -> state = TcpState.CLOSING;
                case FIN_WAIT_2 -> timeWait = true;
                default -> {
                    // duplicate FIN
                }
            }
            if (handler != null) {
                handler.onPeerClosed(this);
            }
            if (timeWait && state == TcpState.FIN_WAIT_2) {
                enterTimeWait();
            }
        } else if (sawFin && state == TcpState.TIME_WAIT) {
            ackNow("ACK of a retransmitted FIN in TIME_WAIT");
            enterTimeWait();
        }
    }

    private long offset(long seq) {
        return (seq - irs) & 0xffffffffL;
    }

    // ---------------------------------------------------------------- sending

    private void sendSyn(String reason) {
        TcpHeader h = new TcpHeader(local.port(), remote.port(), iss, 0, TcpHeader.SYN, synWindow(), ownMss,
                offerWindowScale ? cfg.windowScale() : -1, offerSack, offerTimestamps ? timestamps(0) : null);
        timedAt = engine.now();
        sndNxt = Seq.add(iss, 1);
        sndMax = sndNxt;
        layer.sendTcp(this, h, new byte[0], reason);
        armRto();
    }

    private void sendSynAck(String reason) {
        TcpHeader h = new TcpHeader(local.port(), remote.port(), iss, rcvNxt, TcpHeader.SYN | TcpHeader.ACK,
                synWindow(), ownMss, offerWindowScale ? cfg.windowScale() : -1, offerSack,
                offerTimestamps ? timestamps(tsRecent) : null);
        if (retries == 0) {
            timedAt = engine.now();
        }
        sndNxt = Seq.add(iss, 1);
        sndMax = sndNxt;
        layer.sendTcp(this, h, new byte[0], reason);
        clearAck();
        armRto();
    }

    /** Bytes of options on every non-SYN segment: the 12-byte NOP, NOP, timestamps block. */
    private int optionBytes() {
        return timestampsOk ? 12 : 0;
    }

    private TcpHeader.Timestamps timestamps(long echo) {
        long value = (engine.now() / 1_000_000 + tsOffset) & 0xffffffffL;
        return new TcpHeader.Timestamps(value, echo);
    }

    private int synWindow() {
        int w = Math.min(65535, cfg.receiveBuffer());
        return w >= ownMss ? w / ownMss * ownMss : w;
    }

    /**
     * The advertised window: the whole receive buffer, since applications read at once. Out-of-order
     * data is held inside that window, which therefore never shrinks (RFC 9293 3.8.6.2.2), so
     * duplicate ACKs keep the same window and count towards fast retransmit.
     */
    private int window() {
        return (int) Math.min(65535, (long) cfg.receiveBuffer() >> rcvShift);
    }

    /** Sends new data (and the FIN) as far as the windows allow. */
    private void pump() {
        if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT && state != TcpState.FIN_WAIT_1
                && state != TcpState.CLOSING && state != TcpState.LAST_ACK) {
            return;
        }
        while (true) {
            int off = Seq.diff(sndNxt, sndUna);
            int queued = sendQueue.size();
            int unsent = queued - off;
            boolean finPending = finQueued && off <= queued;
            if (unsent <= 0 && !finPending) {
                return;
            }
            long inflight = off;
            long usable = Math.min(cwnd, sndWnd) - inflight;
            int len = (int) Math.max(0, Math.min(Math.min(mss, Math.max(unsent, 0)), usable));
            if (unsent > 0 && len < Math.min(mss, unsent) && (inflight > 0 || len == 0)) {
                if (inflight == 0 && len == 0 && sndWnd == 0) {
                    armRto(); // stands in for the persist timer
                }
                return;
            }
            boolean fin = finPending && off + len == queued;
            int flags = TcpHeader.ACK | (fin ? TcpHeader.FIN : 0) | (len > 0 && off + len == queued ? TcpHeader.PSH : 0);
            boolean retransmission = Seq.lt(sndNxt, sndMax);
            String reason = retransmission ? "retransmission after RTO (attempt " + retries + ")"
                    : fin ? (len > 0 ? "last data and close" : "close") : "data";
            if (retransmission) {
                retransmissions++;
            } else {
                bytesSent += len;
                if (!timing) {
                    timing = true;
                    timedSeq = Seq.add(sndNxt, Math.max(1, len));
                    timedAt = engine.now();
                }
            }
            transmit(sndNxt, sendQueue.copy(off, len), flags, reason);
            sndNxt = Seq.add(sndNxt, len + (fin ? 1 : 0));
            if (Seq.gt(sndNxt, sndMax)) {
                sndMax = sndNxt;
            }
            if (rtoTimer == null || !rtoTimer.isPending()) {
                armRto();
            }
        }
    }

    private void retransmitHead(String reason) {
        int queued = sendQueue.size();
        int len = Math.min(mss, queued);
        boolean fin = finQueued && len == queued && Seq.gt(sndMax, finSeq);
        if (len == 0 && !fin) {
            return;
        }
        int flags = TcpHeader.ACK | (fin ? TcpHeader.FIN : 0) | (len > 0 && len == queued ? TcpHeader.PSH : 0);
        retransmissions++;
        timing = false;
        transmit(sndUna, sendQueue.copy(0, len), flags, reason);
    }

    private void transmit(long seq, byte[] data, int flags, String reason) {
        TcpHeader h = new TcpHeader(local.port(), remote.port(), seq, (flags & TcpHeader.ACK) != 0 ? rcvNxt : 0, flags,
                window(), 0, -1, false, timestampsOk ? timestamps(tsRecent) : null);
        layer.sendTcp(this, h, data, reason, data.length == 0 ? flags == TcpHeader.ACK && receivingFollower
                : gsoFollower(seq, data.length));
        if ((flags & TcpHeader.ACK) != 0) {
            clearAck();
        }
    }

    /**
     * GSO/TSO and GRO as cost accounting: new full-sized data segments are handed down and merged in
     * batches of up to 64 KiB of the stream; only the segment that starts a batch pays per-packet
     * costs (the others are followers). Retransmissions and short segments are batches of their own.
     */
    private boolean gsoFollower(long seq, int len) {
        if (len == 0 || len != mss || Seq.lt(seq, sndMax)) {
            return false;
        }
        long offset = (seq - iss - 1) & 0xffffffffL;
        return offset % GSO_MAX_BYTES >= mss;
    }

    /** Called before {@link #segmentArrived} with whether the segment is a GRO batch follower. */
    void receivingGsoFollower(boolean follower) {
        this.receivingFollower = follower;
    }

    /** The largest GSO super-packet Linux builds (GSO_MAX_SIZE / gso_max_size default). */
    static final int GSO_MAX_BYTES = 65536;

    private void ackNow(String reason) {
        if (!ackNow) {
            ackReason = reason;
        }
        ackNow = true;
    }

    private void clearAck() {
        ackNow = false;
        segmentsSinceAck = 0;
        if (delayedAck != null) {
            engine.cancel(delayedAck);
            delayedAck = null;
        }
    }

    private void flushAck() {
        if (state == TcpState.CLOSED || state == TcpState.SYN_SENT) {
            return;
        }
        if (ackNow) {
            String r = ackReason;
            transmit(sndNxt, new byte[0], TcpHeader.ACK, r);
        } else if (segmentsSinceAck > 0 && delayedAck == null) {
            delayedAck = engine.schedule(cfg.delayedAckNs(), () -> own(() -> {
                delayedAck = null;
                if (state != TcpState.CLOSED && segmentsSinceAck > 0) {
                    transmit(sndNxt, new byte[0], TcpHeader.ACK, "delayed ACK (" + cfg.delayedAckNs() / 1_000_000 + " ms)");
                }
            }));
        }
    }

    // ---------------------------------------------------------------- timers

    private void sampleRtt(long r) {
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        recomputeRto();
    }

    private void recomputeRto() {
        if (srtt >= 0) {
            rto = Math.min(cfg.maxRtoNs(), srtt + Math.max(4 * rttvar, cfg.minRtoNs()));
        }
    }

    private void armRto() {
        cancelRto();
        rtoTimer = engine.schedule(rto, () -> own(this::onRto));
    }

    private void cancelRto() {
        if (rtoTimer != null) {
            engine.cancel(rtoTimer);
            rtoTimer = null;
        }
    }

    private void backoff() {
        rto = Math.min(cfg.maxRtoNs(), rto * 2);
    }

    private void onRto() {
        rtoTimer = null;
        switch (state) {
            case SYN_SENT -> {
                retries++;
                if (retries > cfg.synRetries()) {
                    fail(softError != null ? softError : SocketError.ETIMEDOUT);
                    return;
                }
                backoff();
                retransmissions++;
                sendSyn("SYN retransmission #" + retries + " after " + fmtRto());
            }
            case SYN_RECEIVED -> {
                retries++;
                if (retries > cfg.synAckRetries()) {
                    closeNotified = true;
                    finish();
                    return;
                }
                backoff();
                retransmissions++;
                sendSynAck("SYN-ACK retransmission #" + retries);
            }
            case CLOSED, TIME_WAIT, LISTEN -> {
                // nothing outstanding
            }
            default -> {
                if (sndUna == sndMax && !(sndWnd == 0 && sendQueue.size() > 0)) {
                    return;
                }
                retries++;
                if (retries > cfg.retries2()) {
                    fail(softError != null ? softError : SocketError.ETIMEDOUT);
                    return;
                }
                long flight = Seq.diff(sndMax, sndUna);
                ssthresh = Math.max(flight / 2, 2L * mss);
                cwnd = mss;
                inRecovery = false;
                dupAcks = 0;
                timing = false;
                backoff();
                sndNxt = sndUna;
                if (sndWnd == 0) {
                    sndWnd = 1; // window probe
                }
                pump();
                if (rtoTimer == null) {
                    armRto();
                }
                flushAck();
            }
        }
    }

    private String fmtRto() {
        long prev = rto / 2;
        return prev % 1_000_000_000L == 0 ? prev / 1_000_000_000L + " s" : prev / 1_000_000 + " ms";
    }

    private void enterTimeWait() {
        state = TcpState.TIME_WAIT;
        cancelRto();
        notifyClosed();
        if (timeWaitTimer != null) {
            engine.cancel(timeWaitTimer);
        }
        if (cfg.timeWaitNs() == 0) {
            flushAck();
            finish();
            return;
        }
        timeWaitTimer = engine.schedule(cfg.timeWaitNs(), () -> own(this::finish));
    }

    // ---------------------------------------------------------------- ICMP errors

    /** An ICMP error quoting a segment of this connection arrived. Returns what it did, for the trace. */
    String icmpError(IcmpHeader icmp, QuotedDatagram quote) {
        if (state == TcpState.CLOSED) {
            return "ignored (connection closed)";
        }
        if (!(Seq.ge(quote.tcpSeq(), sndUna) && Seq.lt(quote.tcpSeq(), sndMax)) && state != TcpState.SYN_SENT) {
            return "ignored: the quoted sequence number is outside the send window";
        }
        if (icmp.type() == IcmpHeader.DEST_UNREACHABLE && icmp.code() == IcmpHeader.CODE_FRAG_NEEDED) {
            int mtu = icmp.nextHopMtu();
            if (mtu >= 68 && mtu - 40 - optionBytes() < mss) {
                mss = Math.max(mtu - 40 - optionBytes(), 48);
                if (state.synchronised() && sndUna != sndMax) {
                    sndNxt = sndUna;
                    pump();
                }
                return "path MTU " + mtu + ": MSS lowered to " + mss + ", retransmitting";
            }
            return "path MTU " + mtu + " (no change)";
        }
        SocketError err = icmp.type() == IcmpHeader.DEST_UNREACHABLE
                ? SocketError.fromUnreachableCode(icmp.code()) : SocketError.EHOSTUNREACH;
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            if (state == TcpState.SYN_RECEIVED) {
                closeNotified = true;
                finish();
                return "the embryonic connection is dropped (" + err.name() + ")";
            }
            fail(err);
            return "connect() fails with " + err.describe();
        }
        softError = err;
        return "soft error " + err.name() + " (reported only if the connection times out)";
    }

    // ---------------------------------------------------------------- teardown

    private void fail(SocketError err) {
        if (state == TcpState.CLOSED) {
            return;
        }
        closeNotified = true;
        layer.noteError(this, err);
        finish();
        if (handler != null) {
            handler.onError(this, err);
        }
    }

    /** Reports an error that happened before any packet left (e.g. no route), then closes. */
    void failLocally(SocketError err) {
        fail(err);
    }

    private void notifyClosed() {
        if (!closeNotified) {
            closeNotified = true;
            if (handler != null) {
                handler.onClosed(this);
            }
        }
    }

    private void finish() {
        if (state == TcpState.CLOSED) {
            return;
        }
        state = TcpState.CLOSED;
        cancelRto();
        if (delayedAck != null) {
            engine.cancel(delayedAck);
            delayedAck = null;
        }
        if (timeWaitTimer != null) {
            engine.cancel(timeWaitTimer);
            timeWaitTimer = null;
        }
        layer.unregister(this);
    }

    /** {@code ss}-style detail for trace events. */
    String detail() {
        return detail(sndUna, sndNxt, rcvNxt, mss, state.synchronised(), cwnd, sndWnd, rto);
    }

    /**
     * {@link #detail()} as it is now, built only when asked for: the numbers are copied now, so the
     * text does not change when the connection does.
     */
    java.util.function.Supplier<String> detailNow() {
        long una = sndUna;
        long nxt = sndNxt;
        long rcv = rcvNxt;
        int segSize = mss;
        boolean synced = state.synchronised();
        long window = cwnd;
        long peerWindow = sndWnd;
        long timeout = rto;
        return () -> detail(una, nxt, rcv, segSize, synced, window, peerWindow, timeout);
    }

    private static String detail(long sndUna, long sndNxt, long rcvNxt, int mss, boolean synchronised, long cwnd,
                                 long sndWnd, long rto) {
        StringBuilder sb = new StringBuilder();
        sb.append("snd_una ").append(sndUna).append(" snd_nxt ").append(sndNxt).append(" rcv_nxt ").append(rcvNxt)
                .append(" mss ").append(mss);
        if (synchronised) {
            sb.append(" cwnd ").append(cwnd).append(" snd_wnd ").append(sndWnd);
        }
        sb.append(" rto ").append(rto / 1_000_000).append("ms");
        return sb.toString();
    }

    @Override
    public String toString() {
        return "tcp " + state + " " + local + " > " + remote;
    }
}
