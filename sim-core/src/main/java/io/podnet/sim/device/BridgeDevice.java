package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Linux bridge ({@code cni0}). Ports are devices enslaved to it; a learning FDB maps source MACs
 * to ports (entries age out after 300 s, as {@code ageing_time} does); unknown unicast, broadcast
 * and multicast are flooded to every port but the ingress one (unless that port is in hairpin
 * mode). Frames to the bridge's own MAC (or a port's MAC) go up to the namespace's IP layer as
 * received on the bridge, like a real bridge's local FDB entries. When the namespace sets a
 * {@link BridgeFilter}, IPv4 frames cross iptables as {@code br_netfilter} makes them.
 */
public final class BridgeDevice extends NetDevice {
    public static final long AGEING_NANOS = 300 * Durations.S;

    private final List<Port> ports = new ArrayList<>();
    private final Map<NetDevice, Port> byDevice = new HashMap<>();
    private final Map<Long, FdbEntry> fdb = new HashMap<>();
    private BridgeFilter filter;

    public BridgeDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu) {
        super(host, name, ifindex, mac, mtu);
    }

    /** A bridge port and its hairpin flag ({@code bridge link set dev X hairpin on}). */
    public static final class Port {
        private final NetDevice device;
        private boolean hairpin;

        Port(NetDevice device, boolean hairpin) {
            this.device = device;
            this.hairpin = hairpin;
        }

        public NetDevice device() {
            return device;
        }

        public boolean hairpin() {
            return hairpin;
        }

        public void setHairpin(boolean hairpin) {
            this.hairpin = hairpin;
        }
    }

    private record FdbEntry(Port port, long learnedAt, boolean permanent) {}

    @Override
    public String kind() {
        return "bridge";
    }

    /** Enslaves {@code dev} ({@code ip link set dev master br}); frames it receives now come here. */
    public Port addPort(NetDevice dev, boolean hairpin) {
        if (dev == this) {
            throw new IllegalArgumentException("a bridge cannot be its own port: " + location());
        }
        if (dev.master() != null) {
            throw new IllegalArgumentException(dev.location() + " is already a port of " + dev.master().name());
        }
        if (dev.host() != host) {
            throw new IllegalArgumentException(dev.location() + " is not in the namespace of " + location());
        }
        Port p = new Port(dev, hairpin);
        ports.add(p);
        byDevice.put(dev, p);
        dev.setMaster(this, this::portReceive);
        return p;
    }

    public List<Port> ports() {
        return Collections.unmodifiableList(ports);
    }

    public Port port(NetDevice dev) {
        return byDevice.get(dev);
    }

    /** Adds a permanent FDB entry ({@code bridge fdb add MAC dev PORT master static}). */
    public void addStaticFdb(MacAddress mac, NetDevice portDevice) {
        Port p = byDevice.get(portDevice);
        if (p == null) {
            throw new IllegalArgumentException(portDevice.location() + " is not a port of " + location());
        }
        fdb.put(mac.bits(), new FdbEntry(p, 0, true));
    }

    public void setFilter(BridgeFilter filter) {
        this.filter = filter;
    }

    public BridgeFilter filter() {
        return filter;
    }

    /** The port a MAC was learned on, or null (unknown or aged out). */
    public NetDevice lookup(MacAddress mac) {
        Port p = lookupPort(mac);
        return p == null ? null : p.device;
    }

    private Port lookupPort(MacAddress mac) {
        FdbEntry e = fdb.get(mac.bits());
        if (e == null) {
            return null;
        }
        if (!e.permanent && host.engine().now() - e.learnedAt > AGEING_NANOS) {
            fdb.remove(mac.bits());
            return null;
        }
        return e.port;
    }

    /** The IP layer sends a frame out of the bridge: forward it by FDB, or flood it. */
    @Override
    public void transmit(PacketBuffer frame) {
        host.charge(frame, CostStep.BRIDGE_FORWARD, frame.packet().length());
        if (beginTransmit(frame)) {
            forward(null, frame);
        }
    }

    /** A frame received on a port. */
    private void portReceive(NetDevice in, PacketBuffer frame) {
        if (!isUp()) {
            drop(frame, DropReason.INTERFACE_DOWN, name() + " is down and drops the frame from " + in.name());
            return;
        }
        host.charge(frame, CostStep.BRIDGE_FORWARD, frame.packet().length());
        EthernetHeader eth = frame.packet().first(EthernetHeader.class);
        Port inPort = byDevice.get(in);
        if (!eth.src().isMulticast()) {
            FdbEntry old = fdb.get(eth.src().bits());
            if (old == null || !old.permanent) {
                fdb.put(eth.src().bits(), new FdbEntry(inPort, host.engine().now(), false));
            }
        }
        if (filter != null && eth.etherType() == EthernetHeader.TYPE_IPV4) {
            BridgeFilter.Outcome o = filter.preRouting(this, in, frame);
            if (o == BridgeFilter.Outcome.DROPPED || o == BridgeFilter.Outcome.PENDING) {
                return;
            }
            if (o == BridgeFilter.Outcome.UP) {
                upFiltered(frame);
                return;
            }
        }
        bridge(inPort, frame);
    }

    /**
     * Continues a frame the filter held ({@link BridgeFilter.Outcome#PENDING}) as if PREROUTING had
     * said {@link BridgeFilter.Outcome#BRIDGE}: the kernel's {@code br_nf_pre_routing_finish_bridge_slow}
     * going on with {@code br_handle_frame_finish} on the original input port. Dropped when that
     * device is no longer a port of this bridge or the bridge is down.
     */
    public void resumeBridged(NetDevice inPort, PacketBuffer frame) {
        Port in = byDevice.get(inPort);
        if (in == null || !isUp()) {
            drop(frame, in == null ? DropReason.NOT_FOR_US : DropReason.INTERFACE_DOWN, name()
                    + " cannot go on bridging the frame: " + (in == null ? inPort.name() + " is no longer its port"
                    : name() + " is down"));
            return;
        }
        bridge(in, frame);
    }

    /** Delivers locally, floods or forwards a frame that entered from {@code inPort}. */
    private void bridge(Port inPort, PacketBuffer frame) {
        EthernetHeader eth = frame.packet().first(EthernetHeader.class);
        if (isLocal(eth.dst())) {
            receive(frame);
            return;
        }
        if (eth.dst().isMulticast()) {
            forward(inPort, frame);
            receive(frame.copy(host.nextPacketId()));
            return;
        }
        forward(inPort, frame);
    }

    private void upFiltered(PacketBuffer frame) {
        if (host.tracer().enabled()) {
            Packet p = frame.packet();
            host.trace(frame, name(), EventKind.RX, () -> name() + " passes " + describe(p)
                    + " up to the IP layer of " + host.name(), p, null, null);
        }
        frame.setInputDevice(name());
        filter.receiveUp(this, frame);
    }

    private boolean isLocal(MacAddress dst) {
        if (dst.equals(mac())) {
            return true;
        }
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).device.mac().equals(dst)) {
                return true;
            }
        }
        return false;
    }

    /** Forwards by FDB or floods; {@code in} is null for frames the bridge itself sends. */
    private void forward(Port in, PacketBuffer frame) {
        EthernetHeader eth = frame.packet().first(EthernetHeader.class);
        Port out = eth.dst().isMulticast() ? null : lookupPort(eth.dst());
        if (out != null) {
            if (out == in && !out.hairpin) {
                drop(frame, DropReason.NOT_FOR_US, name() + " will not send a frame back out of its ingress port "
                        + in.device.name() + " (hairpin is off on that port)");
                return;
            }
            if (host.tracer().enabled()) {
                String outName = out.device.name();
                host.traceLazy(frame, name(), EventKind.BRIDGE, () -> name() + " forwards the frame to " + outName
                        + ": its FDB has " + eth.dst() + " on that port", frame.packet(), null,
                        () -> new Decision.FdbEntry(eth.dst().toString(), outName, null,
                                eth.dst() + " dev " + outName + " master " + name()));
            }
            sendOut(in, out, frame);
            return;
        }
        List<Port> targets = new ArrayList<>(ports.size());
        for (Port p : ports) {
            if (p != in || p.hairpin) {
                targets.add(p);
            }
        }
        if (host.tracer().enabled()) {
            StringBuilder names = new StringBuilder();
            for (Port p : targets) {
                names.append(names.length() == 0 ? "" : ", ").append(p.device.name());
            }
            String why = eth.dst().isMulticast() ? "a broadcast" : "unknown unicast (" + eth.dst() + " is not in the FDB)";
            host.trace(frame, name(), EventKind.BRIDGE, name() + " floods " + why + " to "
                    + (targets.isEmpty() ? "no port" : names), frame.packet(), null, null);
        }
        for (int i = 0; i < targets.size(); i++) {
            PacketBuffer f = i == targets.size() - 1 ? frame : frame.copy(host.nextPacketId());
            sendOut(in, targets.get(i), f);
        }
    }

    private void sendOut(Port in, Port out, PacketBuffer frame) {
        int l3 = frame.packet().length() - EthernetHeader.LENGTH;
        if (l3 > out.device.mtu()) {
            drop(frame, DropReason.MTU_EXCEEDED, name() + " cannot forward a " + l3 + "-byte packet to "
                    + out.device.name() + " (MTU " + out.device.mtu() + ")");
            return;
        }
        if (in != null && filter != null
                && frame.packet().first(EthernetHeader.class).etherType() == EthernetHeader.TYPE_IPV4
                && !filter.forward(this, in.device, out.device, frame)) {
            return;
        }
        out.device.transmit(frame);
    }
}
