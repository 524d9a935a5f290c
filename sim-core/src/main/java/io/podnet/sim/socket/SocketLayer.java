package io.podnet.sim.socket;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.stack.IcmpErrors;
import io.podnet.sim.stack.IpLayer;
import io.podnet.sim.stack.LocalDelivery;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sockets of one namespace, above its {@link IpLayer}: TCP connections and listeners, UDP
 * sockets, ICMP echo (ping) sockets, SCTP associations and listeners ({@link SctpSockets}), and the
 * kernel's own answers — TCP RST/ACK for a segment that
 * finds no socket, ICMP port unreachable for a UDP datagram that finds none, and echo replies.
 *
 * <p>It implements {@link LocalDelivery}: the stack hands it every datagram addressed to the
 * namespace. ICMP errors are matched to the socket that caused them through the IPv4 header and
 * the 8 transport bytes they quote.
 *
 * <p>Deterministic: initial sequence numbers, ephemeral ports (Linux's 32768–60999; even ports
 * first for connect(), as Linux does since 4.6), ping identifiers and the IPv4 identification
 * counter come from the injected {@link SplittableRandom}, in the order the calls happen. The
 * lookup maps are never iterated into output.
 *
 * <p>Trace: SEND when a socket (or the kernel on its behalf) hands a packet down, DELIVER when a
 * packet reaches a socket, DROP {@link DropReason#NO_SOCKET} when nothing listens (followed by the
 * RST or ICMP error sent), ICMP_ERROR for a generated ICMP error and NOTE when a socket fails.
 */
public final class SocketLayer implements LocalDelivery {
    public static final int EPHEMERAL_LOW = 32768;
    public static final int EPHEMERAL_HIGH = 60999;

    private final IpLayer ip;
    private final SplittableRandom random;
    private final TcpConfig config;
    private final Map<ConnKey, TcpConnection> connections = new HashMap<>();
    private final Map<Integer, List<TcpListener>> listeners = new HashMap<>();
    private final Map<Integer, Integer> tcpPortUse = new HashMap<>();
    private final Map<Integer, List<UdpSocket>> udpSockets = new HashMap<>();
    private final Map<Integer, PingSocket> pingSockets = new HashMap<>();
    private final SctpSockets sctp = new SctpSockets(this);
    private int ipId;

    private record ConnKey(Endpoint local, Endpoint remote) {}

    public SocketLayer(IpLayer ip, SplittableRandom random) {
        this(ip, random, TcpConfig.LINUX);
    }

    public SocketLayer(IpLayer ip, SplittableRandom random, TcpConfig config) {
        if (ip == null || random == null || config == null) {
            throw new IllegalArgumentException("SocketLayer needs an IpLayer, a SplittableRandom and a TcpConfig");
        }
        this.ip = ip;
        this.random = random;
        this.config = config;
        this.ipId = random.nextInt(0x10000);
    }

    public IpLayer ip() {
        return ip;
    }

    SplittableRandom random() {
        return random;
    }

    public TcpConfig config() {
        return config;
    }

    public Engine engine() {
        return ip.engine();
    }

    /** The namespace's name (for trace events and results). */
    public String namespace() {
        return ip.name();
    }

    // ---------------------------------------------------------------- TCP API

    /** Listens on {@code port} on every address of the namespace. */
    public TcpListener listen(int port, TcpAcceptor acceptor) {
        return listen(Ipv4Address.ANY, port, acceptor);
    }

    /** Listens on {@code address:port}; throws when the port is taken (EADDRINUSE). */
    public TcpListener listen(Ipv4Address address, int port, TcpAcceptor acceptor) {
        checkPort(port, "listen");
        if (acceptor == null) {
            throw new IllegalArgumentException("listen needs an acceptor");
        }
        for (TcpListener l : listeners.getOrDefault(port, List.of())) {
            if (overlaps(l.local().address(), address)) {
                throw new IllegalArgumentException("EADDRINUSE: TCP port " + port + " is already listened on at "
                        + l.local() + " in " + ip.name());
            }
        }
        TcpListener l = new TcpListener(this, new Endpoint(address, port), acceptor);
        listeners.computeIfAbsent(port, k -> new ArrayList<>()).add(l);
        tcpPortUse.merge(port, 1, Integer::sum);
        return l;
    }

    /**
     * Opens a connection to {@code remote} from an ephemeral port and the source address the route
     * selects; the SYN leaves at once. When there is no route the handler hears
     * {@link SocketError#ENETUNREACH} in an event at the current instant.
     *
     * @param flow the traffic item name copied onto every packet of the connection (may be null)
     */
    public TcpConnection connect(Endpoint remote, String flow, TcpHandler handler) {
        if (remote == null) {
            throw new IllegalArgumentException("connect needs a remote endpoint");
        }
        checkPort(remote.port(), "connect to");
        Ipv4Address src = ip.sourceFor(remote.address());
        int port = ephemeralTcpPort();
        long iss = random.nextLong() & 0xffffffffL;
        if (src == null) {
            TcpConnection c = TcpConnection.unroutable(this, new Endpoint(Ipv4Address.ANY, port), remote, flow, handler,
                    iss);
            engine().scheduleNow(() -> c.failLocally(SocketError.ENETUNREACH));
            return c;
        }
        return TcpConnection.connect(this, new Endpoint(src, port), remote, flow, handler, iss,
                random.nextLong() & 0xffffffffL);
    }

    /** Open TCP connections, sorted by local then remote endpoint (like {@code ss -t}). */
    public List<TcpConnection> connections() {
        List<TcpConnection> out = new ArrayList<>(connections.values());
        out.sort(Comparator.comparing(TcpConnection::local).thenComparing(TcpConnection::remote));
        return out;
    }

    // ---------------------------------------------------------------- SCTP API

    /** Listens for SCTP associations on {@code port} on every address of the namespace. */
    public SctpListener sctpListen(int port, SctpAcceptor acceptor) {
        checkPort(port, "listen on SCTP");
        if (acceptor == null) {
            throw new IllegalArgumentException("sctpListen needs an acceptor");
        }
        return sctp.listen(Ipv4Address.ANY, port, acceptor);
    }

    /**
     * Opens an SCTP association to {@code remote} from an ephemeral port; the INIT leaves at once.
     * Without a route the handler hears {@link SocketError#ENETUNREACH} in an event at the current instant.
     */
    public SctpAssociation sctpConnect(Endpoint remote, String flow, SctpHandler handler) {
        if (remote == null) {
            throw new IllegalArgumentException("sctpConnect needs a remote endpoint");
        }
        checkPort(remote.port(), "connect to SCTP");
        return sctp.connect(remote, flow, handler);
    }

    /** Open SCTP associations, sorted by local then remote endpoint. */
    public List<SctpAssociation> sctpAssociations() {
        return sctp.associations();
    }

    // ---------------------------------------------------------------- UDP and ICMP API

    /** Binds a UDP socket; port 0 picks an ephemeral port. Throws when the port is taken. */
    public UdpSocket udpBind(Ipv4Address address, int port, UdpHandler handler) {
        if (address == null || handler == null) {
            throw new IllegalArgumentException("udpBind needs an address (0.0.0.0 for any) and a handler");
        }
        if (port == 0) {
            port = ephemeralUdpPort();
        }
        checkPort(port, "bind UDP");
        for (UdpSocket s : udpSockets.getOrDefault(port, List.of())) {
            if (overlaps(s.local().address(), address)) {
                throw new IllegalArgumentException("EADDRINUSE: UDP port " + port + " is already bound at " + s.local()
                        + " in " + ip.name());
            }
        }
        UdpSocket s = new UdpSocket(this, new Endpoint(address, port), handler);
        udpSockets.computeIfAbsent(port, k -> new ArrayList<>()).add(s);
        return s;
    }

    /** Whether some UDP socket of this namespace is bound to {@code port} (on any address). */
    public boolean udpBound(int port) {
        return !udpSockets.getOrDefault(port, List.of()).isEmpty();
    }

    /** A UDP socket on 0.0.0.0 and an ephemeral port (what a client's first sendto does). */
    public UdpSocket udpOpen(UdpHandler handler) {
        return udpBind(Ipv4Address.ANY, 0, handler);
    }

    /** An ICMP echo socket with a kernel-chosen identifier. */
    public PingSocket pingSocket(PingHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("pingSocket needs a handler");
        }
        int start = 1 + random.nextInt(0xffff);
        for (int i = 0; i < 0xffff; i++) {
            int id = 1 + (start - 1 + i) % 0xffff;
            if (!pingSockets.containsKey(id)) {
                PingSocket s = new PingSocket(this, id, handler);
                pingSockets.put(id, s);
                return s;
            }
        }
        throw new IllegalStateException("no free ICMP echo identifier in " + ip.name());
    }

    // ---------------------------------------------------------------- receive path

    @Override
    public void deliver(PacketBuffer pb) {
        Packet p = pb.packet();
        if (!(p.header(0) instanceof Ipv4Header iph)) {
            drop(pb, DropReason.INVALID, "the socket layer got a packet that does not start with IPv4", "");
            return;
        }
        if (p.headerCount() < 2) {
            drop(pb, DropReason.INVALID, "IPv4 protocol " + Ipv4Header.protocolName(iph.protocol())
                    + " has no socket layer here (or the datagram is an unreassembled fragment)", "");
            return;
        }
        Header l4 = p.header(1);
        byte[] data = p.headerCount() == 2 ? p.payload() : p.decapsulate(2).encode();
        if (l4 instanceof TcpHeader t) {
            tcpInput(pb, iph, t, data);
        } else if (l4 instanceof UdpHeader u) {
            udpInput(pb, iph, u, data);
        } else if (l4 instanceof IcmpHeader c) {
            icmpInput(pb, iph, c, data);
        } else if (l4 instanceof SctpHeader s) {
            sctp.input(pb, iph, s);
        } else {
            drop(pb, DropReason.INVALID, "unsupported transport header " + l4.summary(), "");
        }
    }

    private void tcpInput(PacketBuffer pb, Ipv4Header iph, TcpHeader t, byte[] data) {
        Endpoint local = new Endpoint(iph.dst(), t.dstPort());
        Endpoint remote = new Endpoint(iph.src(), t.srcPort());
        TcpConnection c = connections.get(new ConnKey(local, remote));
        long batch = pb.gsoFollower() ? 0 : 1;
        ip.charge(-1, pb, CostStep.TCP_SEGMENT_RX, batch, pb.packet().length());
        if (c != null) {
            if (data.length > 0) {
                ip.charge(-1, pb, CostStep.SOCKET_RECEIVE, batch, data.length);
            }
            if (tracing()) {
                TcpState state = c.state();
                int len = data.length;
                java.util.function.Supplier<String> detail = c.detailNow();
                eventLazy(pb, EventKind.DELIVER, () -> describe(t, len) + " from " + remote + " delivered to socket "
                        + local + " (" + state + ")", () -> new Decision.Socket(state.name(), detail.get()));
            }
            c.receivingGsoFollower(pb.gsoFollower());
            c.segmentArrived(t, data);
            c.receivingGsoFollower(false);
            return;
        }
        TcpListener l = findListener(iph.dst(), t.dstPort());
        if (l != null && t.has(TcpHeader.SYN) && !t.has(TcpHeader.ACK) && !t.has(TcpHeader.RST)) {
            if (tracing()) {
                deliverEvent(pb, describe(t, data.length) + " from " + remote + " delivered to socket " + local
                        + " (LISTEN)", TcpState.LISTEN.name(), "listening on " + l.local());
            }
            TcpConnection.accept(this, l, local, remote, pb.flow(), t, random.nextLong() & 0xffffffffL,
                    random.nextLong() & 0xffffffffL);
            return;
        }
        if (t.has(TcpHeader.RST)) {
            drop(pb, DropReason.NO_SOCKET, describe(t, data.length) + " from " + remote + " to " + local
                    + " matches no connection; a RST is never answered", "");
            return;
        }
        String why = l != null
                ? "the listening socket " + l.local() + " has no connection from " + remote + " for this "
                        + describe(t, data.length) + "; the kernel answers with RST"
                : "no TCP socket listens on " + local + "; the kernel answers with "
                        + (t.has(TcpHeader.ACK) ? "RST" : "RST/ACK");
        drop(pb, DropReason.NO_SOCKET, why, describe(t, data.length) + " from " + remote);
        sendReset(pb, iph, t, data.length);
    }

    /** The reply Linux's {@code tcp_v4_send_reset} builds for a segment that found no socket. */
    private void sendReset(PacketBuffer cause, Ipv4Header iph, TcpHeader t, int dataLen) {
        TcpHeader rst;
        if (t.has(TcpHeader.ACK)) {
            rst = TcpHeader.of(t.dstPort(), t.srcPort(), t.ack(), 0, TcpHeader.RST, 0);
        } else {
            int segLen = dataLen + (t.has(TcpHeader.SYN) ? 1 : 0) + (t.has(TcpHeader.FIN) ? 1 : 0);
            rst = TcpHeader.of(t.dstPort(), t.srcPort(), 0, Seq.add(t.seq(), segLen), TcpHeader.RST | TcpHeader.ACK, 0);
        }
        Packet p = Packet.of(new byte[0], new Ipv4Header(0, nextIpId(), true, false, 0, config.ttl(),
                Ipv4Header.PROTO_TCP, iph.dst(), iph.src()), rst);
        PacketBuffer out = new PacketBuffer(ip.nextPacketId(), cause.flow(), p);
        if (tracing()) {
            event(out, EventKind.SEND, describe(rst, 0) + " from " + iph.dst() + ":" + t.dstPort() + " to "
                    + iph.src() + ":" + t.srcPort() + " (no socket: connection refused)",
                    new Decision.Socket(TcpState.CLOSED.name(), "reset for " + describe(t, dataLen)));
        }
        ip.output(out);
    }

    private void udpInput(PacketBuffer pb, Ipv4Header iph, UdpHeader u, byte[] data) {
        UdpSocket s = findUdp(iph.dst(), u.dstPort());
        Endpoint from = new Endpoint(iph.src(), u.srcPort());
        Endpoint to = new Endpoint(iph.dst(), u.dstPort());
        ip.charge(-1, pb, CostStep.UDP_DATAGRAM_RX, 1, pb.packet().length());
        if (s != null) {
            ip.charge(-1, pb, CostStep.SOCKET_RECEIVE, 1, data.length);
            if (tracing()) {
                deliverEvent(pb, "UDP datagram (" + data.length + " bytes) from " + from + " delivered to socket "
                        + s.local(), "BOUND", data.length + " bytes");
            }
            s.receive(from, iph.dst(), data, pb.flow());
            return;
        }
        boolean answer = !iph.dst().isBroadcast() && !iph.dst().isMulticast();
        drop(pb, DropReason.NO_SOCKET, "no UDP socket is bound to " + to
                + (answer ? "; the kernel answers with ICMP port unreachable" : ""), "UDP from " + from);
        if (answer) {
            sendIcmpError(pb, iph, IcmpHeader.unreachable(IcmpHeader.CODE_PORT_UNREACHABLE));
        }
    }

    private void sendIcmpError(PacketBuffer cause, Ipv4Header iph, IcmpHeader icmp) {
        Packet err = IcmpErrors.error(cause.packet(), iph.dst(), nextIpId(), icmp);
        PacketBuffer out = new PacketBuffer(ip.nextPacketId(), cause.flow(), err);
        if (tracing()) {
            QuotedDatagram q = QuotedDatagram.parse(err.payload());
            event(out, EventKind.ICMP_ERROR, icmp.summary() + " from " + iph.dst() + " to " + iph.src()
                    + " quoting " + (q == null ? "the datagram" : q.describe()),
                    new Decision.Socket("CLOSED", "no socket for " + (q == null ? "the datagram" : q.describe())));
        }
        ip.output(out);
    }

    private void icmpInput(PacketBuffer pb, Ipv4Header iph, IcmpHeader icmp, byte[] data) {
        if (icmp.type() == IcmpHeader.ECHO_REQUEST) {
            if (iph.dst().isBroadcast() || iph.dst().isMulticast()) {
                drop(pb, DropReason.NOT_FOR_US, "echo request to a broadcast address is ignored "
                        + "(icmp_echo_ignore_broadcasts=1)", "");
                return;
            }
            if (tracing()) {
                deliverEvent(pb, "ICMP echo request from " + iph.src() + " reached the kernel of " + ip.name()
                        + ", which answers with an echo reply", "KERNEL", "id " + icmp.identifier() + " seq "
                        + icmp.sequence());
            }
            Ipv4Header h = new Ipv4Header(iph.tos(), nextIpId(), false, false, 0, 64, Ipv4Header.PROTO_ICMP, iph.dst(),
                    iph.src());
            IcmpHeader reply = IcmpHeader.echoReply(icmp.identifier(), icmp.sequence());
            PacketBuffer out = new PacketBuffer(ip.nextPacketId(), pb.flow(), Packet.of(data, h, reply));
            if (tracing()) {
                event(out, EventKind.SEND, "ICMP echo reply from " + iph.dst() + " to " + iph.src() + " (id "
                        + icmp.identifier() + " seq " + icmp.sequence() + ")", new Decision.Socket("KERNEL", "echo reply"));
            }
            ip.output(out);
            return;
        }
        if (icmp.type() == IcmpHeader.ECHO_REPLY) {
            PingSocket s = pingSockets.get(icmp.identifier());
            if (s == null) {
                drop(pb, DropReason.NO_SOCKET, "ICMP echo reply id " + icmp.identifier() + " from " + iph.src()
                        + " matches no ping socket", "");
                return;
            }
            if (tracing()) {
                deliverEvent(pb, "ICMP echo reply from " + iph.src() + " delivered to ping socket id "
                        + icmp.identifier() + " (seq " + icmp.sequence() + ")", "OPEN", data.length + " bytes");
            }
            s.reply(iph.src(), icmp.sequence(), data);
            return;
        }
        if (!icmp.isError()) {
            drop(pb, DropReason.INVALID, icmp.summary() + " from " + iph.src() + " is not handled", "");
            return;
        }
        QuotedDatagram q = QuotedDatagram.of(pb.packet());
        if (q == null) {
            drop(pb, DropReason.INVALID, icmp.summary() + " from " + iph.src()
                    + " quotes less than an IPv4 header and 8 bytes", "");
            return;
        }
        icmpErrorInput(pb, iph, icmp, q);
    }

    private void icmpErrorInput(PacketBuffer pb, Ipv4Header iph, IcmpHeader icmp, QuotedDatagram q) {
        if (icmp.type() == IcmpHeader.DEST_UNREACHABLE && icmp.code() == IcmpHeader.CODE_FRAG_NEEDED) {
            ip.notePathMtu(q.dst(), icmp.nextHopMtu()); // the route exception every later datagram obeys
        }
        SocketError err = icmp.type() == IcmpHeader.DEST_UNREACHABLE
                ? SocketError.fromUnreachableCode(icmp.code()) : SocketError.EHOSTUNREACH;
        String what = icmp.summary() + " from " + iph.src() + " for " + q.describe();
        if (q.protocol() == Ipv4Header.PROTO_TCP) {
            Endpoint local = new Endpoint(q.src(), q.srcPort());
            TcpConnection c = connections.get(new ConnKey(local, new Endpoint(q.dst(), q.dstPort())));
            if (c != null) {
                TcpState before = c.state();
                if (tracing()) {
                    deliverEvent(pb, what + " delivered to socket " + local + " (" + before + ")", before.name(),
                            c.detail());
                }
                String effect = c.icmpError(icmp, q);
                note(pb.id(), pb.flow(), "socket " + local + ": " + effect, c.state().name(), err.name());
                return;
            }
        } else if (q.protocol() == Ipv4Header.PROTO_UDP) {
            UdpSocket s = findUdp(q.src(), q.srcPort());
            if (s != null) {
                if (tracing()) {
                    deliverEvent(pb, what + " delivered to socket " + s.local() + " as " + err.describe(), "BOUND",
                            err.name());
                }
                s.error(new Endpoint(q.dst(), q.dstPort()), err);
                return;
            }
        } else if (q.protocol() == Ipv4Header.PROTO_SCTP
                && sctp.find(new Endpoint(q.src(), q.srcPort()), new Endpoint(q.dst(), q.dstPort())) != null) {
            // Linux's sctp_v4_err: without IP_RECVERR an ICMP error is only a soft error; the
            // association keeps retransmitting until its own timers give up.
            if (tracing()) {
                deliverEvent(pb, what + " noted as a soft error (" + err.describe() + "); SCTP keeps retransmitting",
                        "SOFT_ERROR", err.name());
            }
            return;
        } else if (q.protocol() == Ipv4Header.PROTO_ICMP) {
            PingSocket s = pingSockets.get(q.srcPort());
            if (s != null) {
                if (tracing()) {
                    deliverEvent(pb, what + " delivered to ping socket id " + q.srcPort() + " as " + err.describe(),
                            "OPEN", err.name());
                }
                s.error(iph.src(), q.dstPort(), err);
                return;
            }
        }
        drop(pb, DropReason.NO_SOCKET, what + " matches no socket", "");
    }

    // ---------------------------------------------------------------- send path (package-private)

    void sendTcp(TcpConnection c, TcpHeader t, byte[] data, String reason) {
        sendTcp(c, t, data, reason, false);
    }

    /**
     * Sends one segment; {@code gsoFollower} marks a full segment that rides in the same 64 KiB GSO
     * batch as the one before it (the CPU model charges its per-packet costs once per batch).
     */
    void sendTcp(TcpConnection c, TcpHeader t, byte[] data, String reason, boolean gsoFollower) {
        // Every caller passes a fresh array it keeps no reference to: the packet takes it as it is.
        Packet p = Packet.ofOwned(data, Ipv4Header.of(c.local().address(), c.remote().address(), Ipv4Header.PROTO_TCP,
                config.ttl(), nextIpId()), t);
        PacketBuffer out = new PacketBuffer(ip.nextPacketId(), c.flow(), p);
        out.setGsoFollower(gsoFollower);
        int cpu = c.txCpu();
        if (data.length > 0) {
            ip.charge(cpu, out, CostStep.SOCKET_SEND, 0, data.length);
        }
        ip.charge(cpu, out, CostStep.TCP_SEGMENT_TX, gsoFollower ? 0 : 1, p.length());
        if (tracing()) {
            Endpoint from = c.local();
            Endpoint to = c.remote();
            int len = data.length;
            String state = c.state().name();
            java.util.function.Supplier<String> detail = c.detailNow();
            eventLazy(out, EventKind.SEND, () -> describe(t, len) + " from " + from + " to " + to + " (" + reason + ")",
                    () -> new Decision.Socket(state, detail.get()));
        }
        ip.output(out);
    }

    boolean sendUdp(UdpSocket s, Endpoint dst, byte[] data, String flow) {
        Ipv4Address src = s.local().address().equals(Ipv4Address.ANY) ? ip.sourceFor(dst.address())
                : s.local().address();
        if (src == null) {
            note(-1, flow, "sendto " + dst + " from " + s.local() + " fails: " + SocketError.ENETUNREACH.describe(),
                    "BOUND", SocketError.ENETUNREACH.name());
            return false;
        }
        // Linux's default IP_PMTUDISC_WANT: DF only when the datagram fits the path MTU; a larger one
        // leaves without DF and is fragmented by the IP layer.
        boolean df = 28 + data.length <= ip.mtuFor(dst.address());
        Packet p = Packet.of(data, new Ipv4Header(0, nextIpId(), df, false, 0, 64, Ipv4Header.PROTO_UDP, src,
                dst.address()), new UdpHeader(s.local().port(), dst.port()));
        PacketBuffer out = new PacketBuffer(ip.nextPacketId(), flow, p);
        ip.charge(-1, out, CostStep.SOCKET_SEND, 1, data.length);
        ip.charge(-1, out, CostStep.UDP_DATAGRAM_TX, 1, p.length());
        if (tracing()) {
            event(out, EventKind.SEND, "UDP datagram (" + data.length + " bytes) from " + src + ":" + s.local().port()
                    + " to " + dst, new Decision.Socket("BOUND", "socket " + s.local()));
        }
        ip.output(out);
        return true;
    }

    boolean sendEcho(PingSocket s, Ipv4Address dst, int seq, byte[] payload, String flow) {
        Ipv4Address src = ip.sourceFor(dst);
        if (src == null) {
            note(-1, flow, "ping " + dst + " fails: " + SocketError.ENETUNREACH.describe(), "OPEN",
                    SocketError.ENETUNREACH.name());
            return false;
        }
        boolean df = 28 + payload.length <= ip.mtuFor(dst); // IP_PMTUDISC_WANT, as for UDP
        Packet p = Packet.of(payload, new Ipv4Header(0, nextIpId(), df, false, 0, 64, Ipv4Header.PROTO_ICMP, src, dst),
                IcmpHeader.echoRequest(s.identifier(), seq));
        PacketBuffer out = new PacketBuffer(ip.nextPacketId(), flow, p);
        if (tracing()) {
            event(out, EventKind.SEND, "ICMP echo request from " + src + " to " + dst + " (id " + s.identifier()
                    + " seq " + seq + ", " + payload.length + " bytes)", new Decision.Socket("OPEN", "ping"));
        }
        ip.output(out);
        return true;
    }

    void register(TcpConnection c) {
        ConnKey k = new ConnKey(c.local(), c.remote());
        if (connections.putIfAbsent(k, c) != null) {
            throw new IllegalStateException("a TCP connection " + c.local() + " > " + c.remote() + " already exists");
        }
        tcpPortUse.merge(c.local().port(), 1, Integer::sum);
    }

    void unregister(TcpConnection c) {
        if (connections.remove(new ConnKey(c.local(), c.remote()), c)) {
            release(c.local().port());
        }
    }

    void unregister(TcpListener l) {
        List<TcpListener> ls = listeners.get(l.local().port());
        if (ls != null && ls.remove(l)) {
            if (ls.isEmpty()) {
                listeners.remove(l.local().port());
            }
            release(l.local().port());
        }
    }

    void unregister(UdpSocket s) {
        List<UdpSocket> ss = udpSockets.get(s.local().port());
        if (ss != null) {
            ss.remove(s);
            if (ss.isEmpty()) {
                udpSockets.remove(s.local().port());
            }
        }
    }

    void unregister(PingSocket s) {
        pingSockets.remove(s.identifier(), s);
    }

    void noteError(TcpConnection c, SocketError err) {
        note(-1, c.flow(), "connection " + c.local() + " > " + c.remote() + " fails in " + c.state() + ": "
                + err.describe(), TcpState.CLOSED.name(), err.name());
    }

    // ---------------------------------------------------------------- helpers

    private void release(int port) {
        tcpPortUse.computeIfPresent(port, (k, v) -> v <= 1 ? null : v - 1);
    }

    int nextIpId() {
        int id = ipId;
        ipId = (ipId + 1) & 0xffff;
        return id;
    }

    /**
     * An ephemeral port for connect(): a random even port in 32768–60999 first, then the next free
     * even ports, then odd ones (Linux ≥ 4.6 leaves odd ports to bind()).
     */
    private int ephemeralTcpPort() {
        int n = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        int start = random.nextInt(n) & ~1;
        for (int parity = 0; parity < 2; parity++) {
            for (int i = 0; i < n; i += 2) {
                int port = EPHEMERAL_LOW + (start + i) % n + parity;
                if (!tcpPortUse.containsKey(port)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("EADDRNOTAVAIL: every ephemeral TCP port of " + ip.name() + " is in use");
    }

    private int ephemeralUdpPort() {
        int n = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            int port = EPHEMERAL_LOW + (start + i) % n;
            if (!udpSockets.containsKey(port)) {
                return port;
            }
        }
        throw new IllegalStateException("EADDRNOTAVAIL: every ephemeral UDP port of " + ip.name() + " is in use");
    }

    private TcpListener findListener(Ipv4Address dst, int port) {
        TcpListener any = null;
        for (TcpListener l : listeners.getOrDefault(port, List.of())) {
            if (l.local().address().equals(dst)) {
                return l;
            }
            if (l.matches(dst)) {
                any = l;
            }
        }
        return any;
    }

    private UdpSocket findUdp(Ipv4Address dst, int port) {
        UdpSocket any = null;
        for (UdpSocket s : udpSockets.getOrDefault(port, List.of())) {
            if (s.local().address().equals(dst)) {
                return s;
            }
            if (s.matches(dst)) {
                any = s;
            }
        }
        return any;
    }

    private static boolean overlaps(Ipv4Address a, Ipv4Address b) {
        return a.equals(Ipv4Address.ANY) || b.equals(Ipv4Address.ANY) || a.equals(b);
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("cannot " + what + " port " + port + " (expected 1-65535)");
        }
    }

    boolean tracing() {
        return ip.tracer().enabled();
    }

    void event(PacketBuffer pb, EventKind kind, String explanation, Decision d) {
        Tracer t = ip.tracer();
        t.emit(pb.id(), pb.flow(), ip.name(), null, kind, explanation, pb.packet(), null, d);
    }

    /** As {@link #event(PacketBuffer, EventKind, String, Decision)}, the explanation built when read. */
    void event(PacketBuffer pb, EventKind kind, java.util.function.Supplier<String> explanation, Decision d) {
        Tracer t = ip.tracer();
        t.emit(pb.id(), pb.flow(), ip.name(), null, kind, explanation, pb.packet(), null, d);
    }

    /** As {@link #event(PacketBuffer, EventKind, java.util.function.Supplier, Decision)}, the decision built when read too. */
    void eventLazy(PacketBuffer pb, EventKind kind, java.util.function.Supplier<String> explanation,
                   java.util.function.Supplier<? extends Decision> d) {
        Tracer t = ip.tracer();
        t.emitLazy(pb.id(), pb.flow(), ip.name(), null, kind, explanation, pb.packet(), null, d);
    }

    void deliverEvent(PacketBuffer pb, java.util.function.Supplier<String> explanation, String state,
                              String detail) {
        event(pb, EventKind.DELIVER, explanation, new Decision.Socket(state, detail));
    }

    void deliverEvent(PacketBuffer pb, String explanation, String state, String detail) {
        event(pb, EventKind.DELIVER, explanation, new Decision.Socket(state, detail));
    }

    void drop(PacketBuffer pb, DropReason reason, String explanation, String detail) {
        if (tracing()) {
            event(pb, EventKind.DROP, explanation, new Decision.Drop(reason, detail));
        }
    }

    void note(long packetId, String flow, String explanation, String state, String detail) {
        Tracer t = ip.tracer();
        if (t.enabled()) {
            t.emit(packetId, flow, ip.name(), null, EventKind.NOTE, explanation, null, null,
                    new Decision.Socket(state, detail));
        }
    }

    /** A student-level name for a segment: {@code TCP SYN}, {@code TCP SYN-ACK}, {@code TCP data (200 bytes)}... */
    static String describe(TcpHeader t, int len) {
        String base;
        if (t.has(TcpHeader.RST)) {
            base = t.has(TcpHeader.ACK) ? "TCP RST/ACK" : "TCP RST";
        } else if (t.has(TcpHeader.SYN)) {
            base = t.has(TcpHeader.ACK) ? "TCP SYN-ACK" : "TCP SYN";
        } else if (t.has(TcpHeader.FIN)) {
            base = len > 0 ? "TCP data (" + len + " bytes) with FIN" : "TCP FIN";
        } else if (len > 0) {
            base = "TCP data (" + len + " bytes)";
        } else {
            base = "TCP ACK";
        }
        return base;
    }
}
