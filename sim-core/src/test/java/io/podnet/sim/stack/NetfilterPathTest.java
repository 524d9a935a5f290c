package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.netfilter.Verdict;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks in the order the kernel runs them, and what REJECT/DROP/DNAT do to the path. */
class NetfilterPathTest {
    static final class Recording implements PacketFilter {
        final String ns;
        final List<String> calls;

        Recording(String ns, List<String> calls) {
            this.ns = ns;
            this.calls = calls;
        }

        @Override
        public Verdict hook(Hook hook, PacketBuffer packet, String in, String out) {
            calls.add(ns + " " + hook + " " + in + " " + out);
            return Verdict.ACCEPT;
        }
    }

    private static SimNetwork build(Engine e, Tracer t, java.util.function.Function<io.podnet.sim.config.NamespaceConfig,
            PacketFilter> f) {
        return NetworkBuilder.build(Nets.routed(1500), e, t, new SeededRandoms(1), f);
    }

    @Test
    void hooksRunInKernelOrder() {
        Engine e = new Engine();
        Tracer t = new Tracer(e);
        List<String> calls = new ArrayList<>();
        SimNetwork net = build(e, t, c -> new Recording(c.name(), calls));
        List<PacketBuffer> got = new ArrayList<>();
        net.namespace("b").setLocalDelivery(got::add);
        for (String n : List.of("a", "r")) {
            net.namespace(n).setLocalDelivery(pb -> { });
        }
        NetNamespace a = net.namespace("a");
        a.output(new PacketBuffer(a.nextPacketId(), "x", Packet.of(new byte[4],
                Ipv4Header.of(ip("0.0.0.0"), ip("10.0.2.2"), 17, 64, 1), new io.podnet.sim.wire.UdpHeader(1, 2))));
        e.runUntilIdle();
        assertEquals(1, got.size());
        assertEquals(List.of("a OUTPUT null eth0", "a POSTROUTING null eth0",
                "r PREROUTING left null", "r FORWARD left right", "r POSTROUTING null right",
                "b PREROUTING eth0 null", "b INPUT eth0 null"), calls);
    }

    @Test
    void rejectAtInputAnswersPortUnreachableFromTheTarget() {
        Engine e = new Engine();
        Tracer t = new Tracer(e);
        TraceRecorder rec = new TraceRecorder();
        t.addListener(rec);
        SimNetwork net = build(e, t, c -> c.name().equals("b") ? (h, p, i, o) -> h == Hook.INPUT
                ? new Verdict(Verdict.Action.REJECT, "icmp-port-unreachable", "-A INPUT -p udp -j REJECT")
                : Verdict.ACCEPT : PacketFilter.ACCEPT_ALL);
        List<PacketBuffer> got = new ArrayList<>();
        net.namespace("a").setLocalDelivery(got::add);
        NetNamespace a = net.namespace("a");
        a.output(new PacketBuffer(a.nextPacketId(), "x", Packet.of(new byte[4],
                Ipv4Header.of(ip("0.0.0.0"), ip("10.0.2.2"), 17, 64, 1), new io.podnet.sim.wire.UdpHeader(1, 2))));
        e.runUntilIdle();
        assertEquals(1, got.size());
        Packet err = got.get(0).packet();
        assertEquals(new IcmpHeader(3, 3, 0), err.first(IcmpHeader.class));
        assertEquals(ip("10.0.2.2"), err.first(Ipv4Header.class).src());
        assertEquals(63, err.first(Ipv4Header.class).ttl());
        assertEquals("x", got.get(0).flow(), "the error belongs to the flow it answers");
        assertTrue(rec.events().stream().anyMatch(ev -> ev.decision() instanceof Decision.Drop d
                && d.reason() == DropReason.NETFILTER_REJECT && ev.explanation().contains("-A INPUT -p udp -j REJECT")));
        assertTrue(rec.events().stream().anyMatch(ev -> ev.kind() == EventKind.ICMP_ERROR && ev.namespace().equals("b")));
    }

    @Test
    void tcpResetAnswersASyn() {
        Engine e = new Engine();
        Tracer t = new Tracer(e);
        SimNetwork net = build(e, t, c -> c.name().equals("r") ? (h, p, i, o) -> h == Hook.FORWARD
                ? new Verdict(Verdict.Action.REJECT, "tcp-reset", null) : Verdict.ACCEPT : PacketFilter.ACCEPT_ALL);
        List<PacketBuffer> got = new ArrayList<>();
        net.namespace("a").setLocalDelivery(got::add);
        NetNamespace a = net.namespace("a");
        a.output(new PacketBuffer(a.nextPacketId(), "x", Packet.of(null,
                Ipv4Header.of(ip("0.0.0.0"), ip("10.0.2.2"), 6, 64, 1),
                TcpHeader.of(40000, 80, 1000, 0, TcpHeader.SYN, 64240))));
        e.runUntilIdle();
        assertEquals(1, got.size());
        Packet rst = got.get(0).packet();
        assertEquals(TcpHeader.of(80, 40000, 0, 1001, TcpHeader.RST | TcpHeader.ACK, 0), rst.first(TcpHeader.class));
        assertEquals(ip("10.0.2.2"), rst.first(Ipv4Header.class).src(), "the reset pretends to come from the target");
    }

    @Test
    void dropAtPreroutingIsANetfilterDrop() {
        Engine e = new Engine();
        Tracer t = new Tracer(e);
        TraceRecorder rec = new TraceRecorder();
        t.addListener(rec);
        SimNetwork net = build(e, t, c -> c.name().equals("r") ? (h, p, i, o) -> h == Hook.PREROUTING
                ? new Verdict(Verdict.Action.DROP, null, null) : Verdict.ACCEPT : PacketFilter.ACCEPT_ALL);
        NetNamespace a = net.namespace("a");
        a.output(new PacketBuffer(a.nextPacketId(), "x", Packet.of(new byte[4],
                Ipv4Header.of(ip("0.0.0.0"), ip("10.0.2.2"), 17, 64, 1), new io.podnet.sim.wire.UdpHeader(1, 2))));
        e.runUntilIdle();
        assertTrue(rec.events().stream().anyMatch(ev -> ev.location().equals("r/left")
                && ev.decision() instanceof Decision.Drop d && d.reason() == DropReason.NETFILTER_DROP
                && ev.explanation().equals("iptables PREROUTING drops the packet (the chain policy)")));
    }

    @Test
    void outputDnatReroutes() {
        Engine e = new Engine();
        Tracer t = new Tracer(e);
        TraceRecorder rec = new TraceRecorder();
        t.addListener(rec);
        PacketFilter dnat = (h, pb, i, o) -> {
            Ipv4Header ip = pb.packet().first(Ipv4Header.class);
            if (h == Hook.OUTPUT && ip.dst().equals(ip("10.96.0.1"))) {
                pb.setPacket(pb.packet().with(0, ip.withDst(ip("10.0.2.2"))));
            }
            return Verdict.ACCEPT;
        };
        SimNetwork net = build(e, t, c -> c.name().equals("r") ? dnat : PacketFilter.ACCEPT_ALL);
        net.namespace("r").routes().replace(new Route(Nets.via("10.96.0.0/12", "10.0.1.2", "left", false),
                Route.Type.UNICAST, net.namespace("r").device("left")));
        List<PacketBuffer> got = new ArrayList<>();
        net.namespace("b").setLocalDelivery(got::add);
        NetNamespace r = net.namespace("r");
        r.output(new PacketBuffer(r.nextPacketId(), "x", Packet.of(new byte[4],
                Ipv4Header.of(ip("0.0.0.0"), ip("10.96.0.1"), 17, 64, 1), new io.podnet.sim.wire.UdpHeader(1, 2))));
        e.runUntilIdle();
        assertEquals(1, got.size());
        assertEquals(ip("10.0.1.1"), got.get(0).packet().first(Ipv4Header.class).src(),
                "source picked by the first route (as the kernel does before OUTPUT)");
        assertTrue(rec.events().stream().anyMatch(ev -> ev.kind() == EventKind.ROUTE
                && ev.explanation().startsWith("DNAT changed the destination to 10.0.2.2")));
    }
}
