package io.podnet.sim.socket;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.stack.IpLayer;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A test network: hosts whose {@link IpLayer}s hand every datagram, through a real encode/decode
 * round trip, to the destination host's socket layer after a fixed delay. Datagrams can be dropped
 * or delayed by predicates; a datagram to an unknown address comes back as ICMP host unreachable
 * from the "router" 10.0.0.254.
 */
public final class FakeNet {
    public static final Ipv4Address ROUTER = Ipv4Address.parse("10.0.0.254");

    public final Engine engine = new Engine();
    public final Tracer tracer = new Tracer(engine);
    public final TraceRecorder trace = new TraceRecorder();
    /** Every datagram handed to the network, in order, with its send time. */
    public final List<Sent> wire = new ArrayList<>();
    private final Map<Ipv4Address, Host> hosts = new LinkedHashMap<>();
    private final long seed;
    private long delayNs;
    private long packetIds;
    private Predicate<Packet> dropper = p -> false;
    private ToLongFunction<Packet> extraDelay = p -> 0;
    private int pathMtu = Integer.MAX_VALUE;

    public record Sent(long time, String from, Packet packet, boolean dropped) {}

    public FakeNet(long seed, long delayNs) {
        this.seed = seed;
        this.delayNs = delayNs;
        tracer.addListener(trace);
    }

    public Host host(String name, String address, int mtu) {
        return host(name, address, mtu, TcpConfig.LINUX);
    }

    public Host host(String name, String address, int mtu, TcpConfig cfg) {
        Host h = new Host(name, Ipv4Address.parse(address), mtu);
        h.sockets = new SocketLayer(h, new SplittableRandom(seed ^ name.hashCode()), cfg);
        hosts.put(h.address, h);
        return h;
    }

    /** The host with this name, created with MTU 1500 if it does not exist yet. */
    public Host hostOrNew(String name, String address) {
        for (Host h : hosts.values()) {
            if (h.name.equals(name)) {
                return h;
            }
        }
        return host(name, address, 1500);
    }

    /** Drops each datagram for which the predicate is true (it may keep state, e.g. drop once). */
    public void dropIf(Predicate<Packet> p) {
        this.dropper = p;
    }

    public void extraDelay(ToLongFunction<Packet> f) {
        this.extraDelay = f;
    }

    public List<Packet> delivered() {
        List<Packet> out = new ArrayList<>();
        for (Sent s : wire) {
            if (!s.dropped) {
                out.add(s.packet);
            }
        }
        return out;
    }

    public final class Host implements IpLayer {
        final String name;
        final Ipv4Address address;
        final int mtu;
        public SocketLayer sockets;

        Host(String name, Ipv4Address address, int mtu) {
            this.name = name;
            this.address = address;
            this.mtu = mtu;
        }

        public Ipv4Address address() {
            return address;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Engine engine() {
            return engine;
        }

        @Override
        public Tracer tracer() {
            return tracer;
        }

        @Override
        public void output(PacketBuffer datagram) {
            Packet p = datagram.packet();
            Ipv4Header ip = (Ipv4Header) p.header(0);
            if (ip.src().equals(Ipv4Address.ANY)) {
                p = p.with(0, ip.withSrc(address));
            }
            if (p.length() > mtu) {
                throw new AssertionError(name + " sent " + p.length() + " bytes over MTU " + mtu + ": " + p.summary());
            }
            // Byte-true round trip: what arrives is what the bytes say.
            EthernetHeader eth = new EthernetHeader(MacAddress.BROADCAST, MacAddress.ZERO, EthernetHeader.TYPE_IPV4);
            byte[] frame = p.encapsulate(List.of(eth)).encode();
            Packet back = Packet.decodeEthernet(frame, Set.of()).decapsulate(1);
            Ipv4Header bip = (Ipv4Header) back.header(0);
            if (back.length() > pathMtu && bip.dontFragment()) {
                // A router on the path: "fragmentation needed" quoting the datagram.
                byte[] bytes = back.encode();
                Packet err = Packet.of(Arrays.copyOf(bytes, Math.min(bytes.length, 548)),
                        new Ipv4Header(0xc0, 0, false, false, 0, 64, Ipv4Header.PROTO_ICMP, ROUTER, bip.src()),
                        IcmpHeader.fragmentationNeeded(pathMtu));
                wire.add(new Sent(engine.now(), name, back, true));
                wire.add(new Sent(engine.now(), "router", err, false));
                PacketBuffer eb = new PacketBuffer(nextPacketId(), datagram.flow(), err);
                engine.schedule(delayNs, () -> sockets.deliver(eb));
                return;
            }
            boolean drop = dropper.test(back);
            wire.add(new Sent(engine.now(), name, back, drop));
            if (drop) {
                return;
            }
            Ipv4Address dst = ((Ipv4Header) back.header(0)).dst();
            Host to = hosts.get(dst);
            long delay = delayNs + extraDelay.applyAsLong(back);
            if (to == null) {
                byte[] bytes = back.encode();
                Packet err = Packet.of(Arrays.copyOf(bytes, Math.min(bytes.length, 548)),
                        new Ipv4Header(0xc0, 0, false, false, 0, 64, Ipv4Header.PROTO_ICMP, ROUTER, address),
                        IcmpHeader.unreachable(IcmpHeader.CODE_HOST_UNREACHABLE));
                wire.add(new Sent(engine.now(), "router", err, false));
                PacketBuffer eb = new PacketBuffer(nextPacketId(), datagram.flow(), err);
                engine.schedule(2 * delay, () -> sockets.deliver(eb));
                return;
            }
            PacketBuffer in = new PacketBuffer(datagram.id(), datagram.flow(), back);
            engine.schedule(delay, () -> to.sockets.deliver(in));
        }

        @Override
        public Ipv4Address sourceFor(Ipv4Address dst) {
            return dst.equals(Ipv4Address.parse("192.0.2.1")) ? null : address; // 192.0.2.1: "no route"
        }

        @Override
        public int mtuFor(Ipv4Address dst) {
            return mtu;
        }

        @Override
        public long nextPacketId() {
            return packetIds++;
        }
    }

    /** {@code S}, {@code S.}, {@code .}, {@code P.} ... for each delivered TCP segment, prefixed by sender. */
    public static String flags(Packet p) {
        io.podnet.sim.wire.TcpHeader t = p.first(io.podnet.sim.wire.TcpHeader.class);
        return io.podnet.sim.wire.TcpHeader.flagString(t.flags()) + (p.payloadLength() > 0 ? ":" + p.payloadLength() : "");
    }

    /** Datagrams longer than this with DF set are answered with ICMP fragmentation needed. */
    public void setPathMtu(int mtu) {
        this.pathMtu = mtu;
    }

    public void setDelay(long ns) {
        this.delayNs = ns;
    }
}
