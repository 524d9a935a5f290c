package io.podnet.sim.stack;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.device.IpipDevice;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.UdpTunnel;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.Verdict;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Fragments;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import io.podnet.sim.wire.WireException;
import io.podnet.sim.wire.WireguardHeader;
import java.util.List;

/**
 * The IPv4 path of one namespace, step by step as the kernel takes it ({@code ip_rcv},
 * {@code ip_route_input}, {@code ip_local_deliver}, {@code ip_forward}, {@code ip_local_out},
 * {@code ip_output}, {@code ip_finish_output}, {@code ip_fragment}, {@code icmp_send}).
 */
final class IpPath {
    private final NetNamespace ns;
    private final Reassembler reassembler;

    IpPath(NetNamespace ns) {
        this.ns = ns;
        this.reassembler = new Reassembler(ns);
    }

    // The text of the route traced last: a flow's packets match the same route again and again,
    // and a Route (a record over an immutable RouteConfig) always has the same text.
    private Route textRoute;
    private String textOfRoute;

    private String routeText(Route r) {
        if (r != textRoute) {
            textOfRoute = r.text();
            textRoute = r;
        }
        return textOfRoute;
    }

    private boolean tracing() {
        return ns.tracer().enabled();
    }

    void drop(PacketBuffer pb, String device, DropReason reason, String why) {
        if (tracing()) {
            ns.trace(pb, device, EventKind.DROP, why, pb.packet(), null, new Decision.Drop(reason, why));
        }
    }

    // ---- L2 input ----------------------------------------------------------------------------

    /** A frame received by {@code dev} (not taken by a bridge). */
    void receiveFrame(NetDevice dev, PacketBuffer frame) {
        Packet p = frame.packet();
        EthernetHeader eth = p.first(EthernetHeader.class);
        if (eth == null || p.header(0) != eth) {
            drop(frame, dev.name(), DropReason.INVALID, dev.name() + " received something that is not an Ethernet frame");
            return;
        }
        if (eth.etherType() == EthernetHeader.TYPE_ARP && p.first(ArpPacket.class) != null) {
            ns.neighbours().arpInput(dev, frame);
            return;
        }
        if (eth.etherType() != EthernetHeader.TYPE_IPV4 || p.headerCount() < 2
                || !(p.header(1) instanceof Ipv4Header)) {
            drop(frame, dev.name(), DropReason.INVALID, dev.name() + " does not handle ethertype "
                    + String.format("0x%04x", eth.etherType()));
            return;
        }
        if (dev.usesArp() && !eth.dst().equals(dev.mac()) && !eth.dst().isMulticast()) {
            drop(frame, dev.name(), DropReason.NOT_FOR_US, "the frame is for " + eth.dst() + ", not for " + dev.name()
                    + " (" + dev.mac() + ")");
            return;
        }
        frame.setPacket(p.decapsulate(1));
        ipReceive(dev, frame, false);
    }

    // ---- IP input ----------------------------------------------------------------------------

    /** {@code ip_rcv}: PREROUTING (unless br_netfilter already ran it), then routing. */
    void ipReceive(NetDevice in, PacketBuffer pb, boolean prerouted) {
        pb.setInputDevice(in.name());
        if (!prerouted && !hook(Hook.PREROUTING, pb, in.name(), null, in.name())) {
            return;
        }
        routeInput(in, pb);
    }

    /** {@code ip_route_input}: reverse-path filter, then local delivery, or forwarding when ip_forward is on. */
    void routeInput(NetDevice in, PacketBuffer pb) {
        Ipv4Header ip = pb.packet().first(Ipv4Header.class);
        Ipv4Address dst = ip.dst();
        if (!reversePathOk(in, pb, ip)) {
            return;
        }
        ns.charge(pb, CostStep.ROUTE_LOOKUP, pb.packet().length());
        if (ns.isLocalAddress(dst) || ns.isBroadcastAddress(dst)) {
            if (tracing()) {
                Route lr = ns.localRoute(dst);
                ns.traceLazy(pb, in.name(), EventKind.ROUTE, () -> dst + " is an address of " + ns.name() + ": deliver locally",
                        pb.packet(), null, () -> new Decision.RouteMatch("local", lr.text(), null, in.name()));
            }
            localIn(in, pb);
            return;
        }
        if (!ns.ipForward()) {
            drop(pb, in.name(), DropReason.FORWARDING_DISABLED, ns.name() + " does not forward: the packet is for "
                    + dst + ", not for it, and net.ipv4.ip_forward is 0");
            return;
        }
        Route r = ns.routes().lookup(dst);
        if (!routeUsable(pb, r, dst, in.name())) {
            return;
        }
        forward(in, r, pb);
    }

    /**
     * {@code rp_filter}: strict (1) wants the route back to the source to leave through the input
     * device, loose (2) wants any route back. Packets from lo and from 0.0.0.0 are not checked.
     */
    private boolean reversePathOk(NetDevice in, PacketBuffer pb, Ipv4Header ip) {
        int mode = ns.rpFilter();
        if (mode == 0 || in == ns.loopback() || ip.src().bits() == 0) {
            return true;
        }
        Route back = ns.routes().lookup(ip.src());
        boolean ok = back != null && back.type() == Route.Type.UNICAST && (mode == 2 || back.device() == in);
        if (!ok) {
            drop(pb, in.name(), DropReason.MARTIAN, "rp_filter=" + mode + ": " + ns.name() + " would not route replies to "
                    + ip.src() + (mode == 1 ? " out of " + in.name() : "") + (back == null ? " (no route back)"
                    : " (route back: " + back.text() + ")"));
        }
        return ok;
    }

    /** Traces the route; handles no route, blackhole, unreachable and prohibit. */
    private boolean routeUsable(PacketBuffer pb, Route r, Ipv4Address dst, String device) {
        if (r == null) {
            drop(pb, device, DropReason.NO_ROUTE, ns.name() + " has no route to " + dst);
            icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_NET_UNREACHABLE, 0);
            return false;
        }
        if (tracing()) {
            // The route record, the device's name and dst never change: the strings wait for a reader.
            ns.traceLazy(pb, device, EventKind.ROUTE, () -> "route lookup for " + dst + ": " + routeText(r), pb.packet(),
                    null, () -> new Decision.RouteMatch("main", routeText(r),
                            r.device() == null ? null : r.nextHop(dst).toString(),
                            r.device() == null ? null : r.device().name()));
        }
        switch (r.type()) {
            case BLACKHOLE -> {
                drop(pb, device, DropReason.NO_ROUTE, "the route to " + dst + " is a blackhole: " + r.text());
                return false;
            }
            case UNREACHABLE -> {
                drop(pb, device, DropReason.NO_ROUTE, "the route to " + dst + " is unreachable: " + r.text());
                icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_HOST_UNREACHABLE, 0);
                return false;
            }
            case PROHIBIT -> {
                drop(pb, device, DropReason.NO_ROUTE, "the route to " + dst + " is prohibited: " + r.text());
                icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_ADMIN_PROHIBITED, 0);
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** {@code ip_local_deliver}: reassembly, INPUT, then a VXLAN socket or the socket layer. */
    private void localIn(NetDevice in, PacketBuffer pb) {
        Ipv4Header ip = pb.packet().first(Ipv4Header.class);
        if (ip.isFragment()) {
            Packet fragment = pb.packet();
            PacketBuffer arrived = pb;
            PacketBuffer whole;
            try {
                whole = reassembler.add(pb, ns.decodeOptions(), first -> {
                    drop(first == null ? arrived : first, in.name(), DropReason.TTL_EXCEEDED,
                            "fragments of " + ip.src() + " > " + ip.dst() + " id " + ip.identification()
                                    + " did not all arrive within 30 s");
                    if (first != null) {
                        icmpError(first, IcmpHeader.TIME_EXCEEDED, 1, 0);
                    }
                });
            } catch (WireException | IllegalArgumentException e) {
                drop(pb, in.name(), DropReason.INVALID, "the reassembled datagram is malformed: " + e.getMessage());
                return;
            }
            if (whole == null) {
                if (tracing()) {
                    ns.trace(pb, in.name(), EventKind.FRAGMENT, ns.name() + " keeps the fragment (offset "
                            + ip.fragmentOffset() * 8 + ") until the whole datagram has arrived", fragment, null, null);
                }
                return;
            }
            pb = whole;
            if (tracing()) {
                ns.trace(pb, in.name(), EventKind.FRAGMENT, ns.name() + " reassembles the " + pb.packet().length()
                        + "-byte datagram from its fragments", fragment, pb.packet(), null);
            }
        }
        if (!hook(Hook.INPUT, pb, in.name(), null, in.name())) {
            return;
        }
        if (ns.ipvs() != null && ipvsIn(in, pb, ns.ipvs())) {
            return;
        }
        Packet p = pb.packet();
        if (ip.protocol() == Ipv4Header.PROTO_IPIP) {
            IpipDevice tunl = ns.ipipDevice();
            if (tunl != null && tunl.isUp()) {
                tunl.receiveEncapsulated(pb);
                return;
            }
        }
        UdpHeader udp = p.first(UdpHeader.class);
        if (udp != null && p.indexOf(UdpHeader.class, 0) == 1) {
            List<UdpTunnel> tunnels = ns.udpTunnels(udp.dstPort());
            if (tunnels != null) {
                for (UdpTunnel t : tunnels) {
                    if (t.isUp() && t.receiveEncapsulated(pb)) {
                        return;
                    }
                }
                drop(pb, in.name(), DropReason.INVALID, "no " + tunnels.get(0).kind() + " device of " + ns.name()
                        + " on port " + udp.dstPort() + " takes this packet (another VNI, or the device is down)");
                return;
            }
        }
        LocalDelivery ld = ns.localDelivery();
        if (ld == null) {
            drop(pb, in.name(), DropReason.NO_SOCKET, ns.name() + " has no socket layer attached to receive the packet");
            return;
        }
        if (tracing()) {
            ns.trace(pb, in.name(), EventKind.DELIVER, () -> ns.name() + " accepts the packet for " + ip.dst()
                    + " and hands it to its sockets", pb.packet(), null, null);
        }
        ld.deliver(pb);
    }

    /**
     * IPVS for a packet this namespace sends to one of its own addresses ({@code ip_vs_local_request4}
     * at LOCAL_OUT, modelled after the OUTPUT chains): a virtual service's packet has its destination
     * rewritten to the real server here, and {@link #output} routes it again (so MASQUERADE in
     * POSTROUTING picks the address of the device towards the real server). True when IPVS dropped
     * the packet (a virtual service without real servers).
     */
    private boolean ipvsLocalOut(PacketBuffer pb, io.podnet.sim.ipvs.Ipvs ipvs) {
        return ipvsSchedule(pb, ipvs) == IpvsStep.DROPPED;
    }

    /** What IPVS did with a packet: nothing (no virtual service), dropped it, or rewrote it to a real server. */
    private enum IpvsStep { NONE, DROPPED, REWRITTEN }

    /**
     * IPVS's part common to LOCAL_IN and LOCAL_OUT: the virtual service lookup and, when it matched,
     * either ICMP port unreachable (no real server) or the rewrite of the destination to the real
     * server it schedules.
     */
    private IpvsStep ipvsSchedule(PacketBuffer pb, io.podnet.sim.ipvs.Ipvs ipvs) {
        int[] f = ipvsFields(pb.packet());
        if (f == null) {
            return IpvsStep.NONE;
        }
        Ipv4Header ip = pb.packet().first(Ipv4Header.class);
        io.podnet.sim.ipvs.Ipvs.Result r = ipvs.in(f[0], ip.src(), f[1], ip.dst(), f[2], f[3]);
        if (r == null) {
            return IpvsStep.NONE;
        }
        if (r.real() == null) {
            drop(pb, "ipvs", DropReason.NO_SOCKET, r.explanation());
            icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_PORT_UNREACHABLE, 0);
            return IpvsStep.DROPPED;
        }
        ipvsRewrite(pb, r, ip, f[2]);
        return IpvsStep.REWRITTEN;
    }

    /** {protocol, source port, destination port, TCP flags} of a datagram IPVS can take, or null. */
    private static int[] ipvsFields(Packet p) {
        Ipv4Header ip = p.first(Ipv4Header.class);
        if (ip == null || p.headerCount() < 2 || ip.isFragment() || p.header(0) != ip) {
            return null;
        }
        if (p.header(1) instanceof io.podnet.sim.wire.TcpHeader t) {
            return new int[] {6, t.srcPort(), t.dstPort(), t.flags()};
        }
        if (p.header(1) instanceof UdpHeader u) {
            return new int[] {17, u.srcPort(), u.dstPort(), 0};
        }
        if (p.header(1) instanceof io.podnet.sim.wire.SctpHeader sc) {
            return new int[] {132, sc.srcPort(), sc.dstPort(), 0};
        }
        return null;
    }

    /** The masquerading rewrite (through netfilter, for its conntrack entry) and its trace event. */
    private void ipvsRewrite(PacketBuffer pb, io.podnet.sim.ipvs.Ipvs.Result r, Ipv4Header ip, int dport) {
        Packet before = pb.packet();
        if (ns.filter() instanceof io.podnet.sim.netfilter.Netfilter nf) {
            nf.ipvsForward(pb, r.real().address(), r.real().port());
        } else {
            Packet q = before.with(0, ip.withDst(r.real().address()));
            if (q.header(1) instanceof io.podnet.sim.wire.TcpHeader t) {
                q = q.with(1, t.withPorts(t.srcPort(), r.real().port()));
            } else if (q.header(1) instanceof UdpHeader u) {
                q = q.with(1, u.withDstPort(r.real().port()));
            }
            pb.setPacket(q);
        }
        if (tracing()) {
            ns.trace(pb, "ipvs", EventKind.NETFILTER, r.text(), before, pb.packet(),
                    new Decision.Nat("IPVS", ip.dst() + ":" + dport, r.real().text(), false));
        }
    }

    /**
     * IPVS at LOCAL_IN ({@code ip_vs_remote_request4}, after the filter table): a packet for a
     * virtual service is forwarded to the real server IPVS picks by masquerading
     * ({@code ip_vs_nat_xmit}: destination rewritten, TTL decremented, routed to the real server,
     * then LOCAL_OUT and POSTROUTING as for a locally sent packet); a virtual service without real
     * servers answers ICMP port unreachable. True when IPVS took the packet.
     */
    private boolean ipvsIn(NetDevice in, PacketBuffer pb, io.podnet.sim.ipvs.Ipvs ipvs) {
        IpvsStep step = ipvsSchedule(pb, ipvs);
        if (step != IpvsStep.REWRITTEN) {
            return step == IpvsStep.DROPPED;
        }
        Ipv4Header nip = pb.packet().first(Ipv4Header.class);
        if (nip.ttl() <= 1) {
            drop(pb, "ipvs", DropReason.TTL_EXCEEDED, "TTL is " + nip.ttl() + ": IPVS cannot forward the packet");
            return true;
        }
        pb.setPacket(pb.packet().with(0, nip.withTtl(nip.ttl() - 1)));
        Ipv4Address dst = nip.dst(); // the real server, as IPVS rewrote it
        ns.charge(pb, CostStep.ROUTE_LOOKUP, pb.packet().length());
        Route route = ns.lookup(dst);
        if (route == null) {
            drop(pb, "ipvs", DropReason.NO_ROUTE, ns.name() + " has no route to real server " + dst);
            return true;
        }
        if (route.type() == Route.Type.LOCAL) {
            drop(pb, "ipvs", DropReason.INVALID, "real server " + dst + " is a local address of " + ns.name()
                    + ": not modelled");
            return true;
        }
        if (!routeUsable(pb, route, dst, null)) {
            return true;
        }
        pb.setInputDevice(null);
        if (!hook(Hook.OUTPUT, pb, null, route.device().name(), route.device().name())) {
            return true;
        }
        postRouting(route, pb);
        return true;
    }

    // ---- forwarding --------------------------------------------------------------------------

    /** {@code ip_forward}: TTL check, DF/MTU check, TTL decrement, FORWARD, then output. */
    private void forward(NetDevice in, Route r, PacketBuffer pb) {
        Packet p = pb.packet();
        Ipv4Header ip = p.first(Ipv4Header.class);
        if (ip.ttl() <= 1) {
            drop(pb, in.name(), DropReason.TTL_EXCEEDED, "TTL is " + ip.ttl() + ": " + ns.name()
                    + " cannot forward the packet any further");
            icmpError(pb, IcmpHeader.TIME_EXCEEDED, 0, 0);
            return;
        }
        NetDevice out = r.device();
        int mtu = out.mtu();
        if (ip.dontFragment() && p.length() > mtu) {
            drop(pb, in.name(), DropReason.MTU_EXCEEDED, "the " + p.length() + "-byte packet has DF set and does not fit "
                    + out.name() + " (MTU " + mtu + ")");
            icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_FRAG_NEEDED, mtu);
            return;
        }
        Packet dec = p.with(0, ip.withTtl(ip.ttl() - 1));
        pb.setPacket(dec);
        if (tracing()) {
            ns.trace(pb, in.name(), EventKind.NOTE, () -> ns.name() + " forwards the packet from " + in.name() + " to "
                    + out.name() + " and decrements its TTL " + ip.ttl() + " -> " + (ip.ttl() - 1), p, dec, null);
        }
        if (!hook(Hook.FORWARD, pb, in.name(), out.name(), in.name())) {
            return;
        }
        postRouting(r, pb);
    }

    // ---- local output ------------------------------------------------------------------------

    /** {@code ip_local_out} for a datagram a socket (or the stack itself) generated. */
    void output(PacketBuffer pb) {
        Packet p = pb.packet();
        if (p.headers().isEmpty() || !(p.header(0) instanceof Ipv4Header ip)) {
            throw new IllegalArgumentException("IpLayer.output needs a datagram that starts with IPv4, got " + p.summary());
        }
        pb.setInputDevice(null);
        if (!ns.isUp()) {
            drop(pb, null, DropReason.NODE_DOWN, ns.name() + " is down and cannot send");
            return;
        }
        ns.charge(pb, CostStep.ROUTE_LOOKUP, pb.packet().length());
        Route r = ns.lookup(ip.dst());
        if (r == null) {
            drop(pb, null, DropReason.NO_ROUTE, ns.name() + " has no route to " + ip.dst() + " (Network is unreachable)");
            if (ip.src().bits() != 0) {
                icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_NET_UNREACHABLE, 0);
            }
            return;
        }
        if (r.type() != Route.Type.LOCAL && !routeUsable(pb, r, ip.dst(), null)) {
            return;
        }
        if (r.type() == Route.Type.LOCAL && tracing()) {
            ns.trace(pb, null, EventKind.ROUTE, ip.dst() + " is local: the packet loops back through lo", pb.packet(),
                    null, new Decision.RouteMatch("local", r.text(), null, "lo"));
        }
        if (ip.src().bits() == 0) {
            Ipv4Address src = ns.sourceFor(r, ip.dst());
            if (src == null) {
                drop(pb, null, DropReason.NO_ROUTE, ns.name() + " has no address to send from towards " + ip.dst());
                return;
            }
            Packet before = pb.packet();
            pb.setPacket(before.with(0, ip.withSrc(src)));
            if (tracing()) {
                ns.trace(pb, r.device().name(), EventKind.NOTE, ns.name() + " picks source address " + src
                        + (r.src() != null ? " (the route's src)" : " (an address of " + r.device().name() + ")"),
                        before, pb.packet(), null);
            }
        }
        Ipv4Address dstBefore = pb.packet().first(Ipv4Header.class).dst();
        if (!hook(Hook.OUTPUT, pb, null, r.device().name(), r.device().name())) {
            return;
        }
        if (ns.ipvs() != null && r.type() == Route.Type.LOCAL && ipvsLocalOut(pb, ns.ipvs())) {
            return;
        }
        Ipv4Address dstAfter = pb.packet().first(Ipv4Header.class).dst();
        if (!dstAfter.equals(dstBefore)) {
            ns.charge(pb, CostStep.ROUTE_LOOKUP, pb.packet().length());
            Route nr = ns.lookup(dstAfter);
            if (nr == null) {
                drop(pb, null, DropReason.NO_ROUTE, ns.name() + " has no route to " + dstAfter + " after DNAT");
                return;
            }
            if (nr.type() != Route.Type.LOCAL && !routeUsable(pb, nr, dstAfter, null)) {
                return;
            }
            if (tracing()) {
                ns.traceLazy(pb, null, EventKind.ROUTE, () -> "DNAT changed the destination to " + dstAfter
                        + ": re-routed by " + nr.text(), pb.packet(), null, () -> new Decision.RouteMatch(
                        nr.type() == Route.Type.LOCAL ? "local" : "main", nr.text(),
                        nr.device() == null ? null : nr.nextHop(dstAfter).toString(),
                        nr.device() == null ? null : nr.device().name()));
            }
            r = nr;
        }
        postRouting(r, pb);
    }

    // ---- output: POSTROUTING, MTU, neighbour -------------------------------------------------

    /** {@code ip_output}: POSTROUTING, then {@code ip_finish_output}. */
    private void postRouting(Route r, PacketBuffer pb) {
        NetDevice out = r.device();
        if (!hook(Hook.POSTROUTING, pb, null, out.name(), out.name())) {
            return;
        }
        finishOutput(r, pb);
    }

    /** {@code ip_finish_output}: fragment when needed, then hand to the neighbour layer. */
    private void finishOutput(Route r, PacketBuffer pb) {
        NetDevice out = r.device();
        Packet p = pb.packet();
        Ipv4Header ip = p.first(Ipv4Header.class);
        Ipv4Address nextHop = r.nextHop(ip.dst());
        if (!out.isUp()) {
            drop(pb, out.name(), DropReason.INTERFACE_DOWN, out.name() + " is down");
            return;
        }
        int mtu = out.mtu();
        int learned = ns.pathMtu(ip.dst()); // a locally sent datagram is cut to the known path MTU
        if (learned > 0 && learned < mtu && ns.isLocalAddress(ip.src())) {
            mtu = learned;
        }
        if (p.length() <= mtu) {
            ns.neighbours().send(out, nextHop, pb);
            return;
        }
        if (ip.dontFragment()) {
            String tunnel = tunnelKind(p);
            if (tunnel != null && ns.isLocalAddress(ip.src())) {
                // The kernel's ICMP error goes to this node's own tunnel socket, which only notes a
                // path MTU for the remote endpoint: nobody tells the inner sender. Not sent here.
                Ipv4Header innerIp = p.last(Ipv4Header.class);
                drop(pb, out.name(), DropReason.MTU_EXCEEDED, "the " + p.length() + "-byte " + tunnel
                        + " packet has DF set (the tunnel's df setting) and does not fit " + out.name() + " (MTU " + mtu
                        + "): dropped silently. The ICMP error would go to " + ns.name() + "'s own tunnel socket, so "
                        + (innerIp != ip ? "the sender of the inner packet, " + innerIp.src() + "," : "the inner sender")
                        + " is never told: a black hole");
                return;
            }
            drop(pb, out.name(), DropReason.MTU_EXCEEDED, "the " + p.length() + "-byte packet has DF set and does not fit "
                    + out.name() + " (MTU " + mtu + ")");
            icmpError(pb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_FRAG_NEEDED, mtu);
            return;
        }
        List<Packet> frags = Ipv4Fragments.fragment(p, 0, mtu);
        for (int i = 0; i < frags.size(); i++) {
            Packet f = frags.get(i);
            PacketBuffer fb = i == 0 ? pb : pb.copy(ns.nextPacketId());
            if (i > 0) {
                fb.setConntrack(pb.conntrack());
            }
            fb.setPacket(f);
            if (tracing()) {
                Ipv4Header fh = f.first(Ipv4Header.class);
                ns.trace(fb, out.name(), EventKind.FRAGMENT, "the " + p.length() + "-byte packet does not fit " + out.name()
                        + " (MTU " + mtu + ") and DF is clear: fragment " + (i + 1) + " of " + frags.size()
                        + " (offset " + fh.fragmentOffset() * 8 + ", " + f.length() + " bytes" + (fh.moreFragments()
                        ? ", more fragments" : "") + ")", p, f, null);
            }
            ns.neighbours().send(out, nextHop, fb);
        }
    }

    /** {@code VXLAN}, {@code GENEVE}, {@code WireGuard} or {@code IPIP} when {@code p} is a tunnel's outer datagram, else null. */
    static String tunnelKind(Packet p) {
        if (p.first(VxlanHeader.class) != null) {
            return "VXLAN";
        }
        if (p.first(GeneveHeader.class) != null) {
            return "GENEVE";
        }
        if (p.first(WireguardHeader.class) != null) {
            return "WireGuard";
        }
        Ipv4Header ip = p.first(Ipv4Header.class);
        return ip != null && ip.protocol() == Ipv4Header.PROTO_IPIP ? "IPIP" : null;
    }

    // ---- netfilter ---------------------------------------------------------------------------

    /** Runs a hook; on DROP or REJECT traces the drop (and sends the rejection). True when accepted. */
    boolean hook(Hook hook, PacketBuffer pb, String in, String out, String where) {
        Verdict v = ns.filter().hook(hook, pb, in, out);
        if (v == null || v.accepted()) {
            return true;
        }
        String rule = v.rule() == null ? "the chain policy" : v.rule();
        String by = rule.startsWith("nft ") ? "nftables " : "iptables "; // an nft rule names its table and chain
        if (v.action() == Verdict.Action.DROP) {
            drop(pb, where, DropReason.NETFILTER_DROP, by + hook + " drops the packet (" + rule + ")");
            return false;
        }
        drop(pb, where, DropReason.NETFILTER_REJECT, by + hook + " rejects the packet with "
                + (v.rejectWith() == null ? "icmp-port-unreachable" : v.rejectWith()) + " (" + rule + ")");
        reject(pb, v.rejectWith());
        return false;
    }

    private void reject(PacketBuffer pb, String with) {
        if ("tcp-reset".equals(with)) {
            Packet rst = IcmpErrors.tcpReset(pb.packet(), ns.nextIpId());
            if (rst == null) {
                return;
            }
            PacketBuffer out = new PacketBuffer(ns.nextPacketId(), pb.flow(), rst);
            if (tracing()) {
                ns.trace(out, null, EventKind.ICMP_ERROR, ns.name() + " answers with a TCP reset to "
                        + rst.first(Ipv4Header.class).dst(), pb.packet(), rst, null);
            }
            output(out);
            return;
        }
        int[] tc = IcmpErrors.rejectCode(with);
        if (tc == null) {
            tc = new int[] {IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_PORT_UNREACHABLE};
        }
        icmpError(pb, tc[0], tc[1], 0);
    }

    // ---- ICMP errors -------------------------------------------------------------------------

    /** {@code icmp_send}: an ICMP error about {@code pb} back to its source (if the rules allow one). */
    void icmpError(PacketBuffer pb, int type, int code, int rest) {
        Packet orig = pb.packet();
        int ipIdx = orig.indexOf(Ipv4Header.class, 0);
        if (ipIdx < 0) {
            return;
        }
        Packet datagram = ipIdx == 0 ? orig : orig.from(ipIdx);
        if (!IcmpErrors.mayReplyTo(datagram)) {
            return;
        }
        Ipv4Header ip = datagram.first(Ipv4Header.class);
        Ipv4Address src = ns.isLocalAddress(ip.dst()) ? ip.dst() : ns.sourceFor(ip.src());
        if (src == null) {
            return;
        }
        Packet err = IcmpErrors.error(datagram, src, ns.nextIpId(), type, code, rest);
        PacketBuffer out = new PacketBuffer(ns.nextPacketId(), pb.flow(), err);
        if (tracing()) {
            ns.trace(out, null, EventKind.ICMP_ERROR, ns.name() + " sends " + err.first(IcmpHeader.class).summary()
                    + " to " + ip.src(), datagram, err, null);
        }
        output(out);
    }
}
