package io.podnet.sim.device;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network device in a namespace: name, ifindex, MAC, MTU, administrative state, addresses and
 * the one operation every device offers, {@link #transmit}. What a device does with a frame it
 * transmits is the subclass's single job (hand it to a peer, a wire, bridge ports, a tunnel).
 */
public abstract class NetDevice {
    protected final DeviceHost host;
    private final String name;
    private final int ifindex;
    private final MacAddress mac;
    private int mtu;
    private boolean up = true;
    private final List<Ipv4Prefix> addresses = new ArrayList<>();
    private FrameHandler rxHandler;
    private BridgeDevice master;

    protected NetDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("device name is empty");
        }
        if (mtu < 68 || mtu > 65536) {
            throw new IllegalArgumentException("MTU of " + host.name() + "/" + name + " must be 68-65536, was " + mtu);
        }
        this.host = host;
        this.name = name;
        this.ifindex = ifindex;
        this.mac = mac;
        this.mtu = mtu;
        this.rxHandler = host::receiveFrame;
    }

    /** Sends a frame (starting with its {@code EthernetHeader}) out of this device. */
    public abstract void transmit(PacketBuffer frame);

    /** The kind as {@code ip -d link} would name it: {@code loopback}, {@code veth}, {@code bridge}... */
    public abstract String kind();

    /**
     * Sends an IP datagram to {@code nextHop} on a device without ARP ({@link #usesArp()} false):
     * loopback wraps it in an Ethernet header with zero addresses, an L3 tunnel encapsulates it
     * towards the next hop.
     */
    public void transmitDatagram(PacketBuffer datagram, Ipv4Address nextHop) {
        datagram.setPacket(datagram.packet().encapsulate(java.util.List.of(
                new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, EthernetHeader.TYPE_IPV4))));
        transmit(datagram);
    }

    /** True for devices that resolve next hops with ARP (everything but loopback and L3 tunnels). */
    public boolean usesArp() {
        return true;
    }

    public final String name() {
        return name;
    }

    public final int ifindex() {
        return ifindex;
    }

    public final MacAddress mac() {
        return mac;
    }

    public final int mtu() {
        return mtu;
    }

    public void setMtu(int mtu) {
        if (mtu < 68 || mtu > 65536) {
            throw new IllegalArgumentException("MTU must be 68-65536, was " + mtu);
        }
        this.mtu = mtu;
    }

    /** Administratively up and in a namespace that is up. */
    public final boolean isUp() {
        return up && host.isUp();
    }

    public void setUp(boolean up) {
        this.up = up;
    }

    public final DeviceHost host() {
        return host;
    }

    /** {@code namespace/device}. */
    public final String location() {
        return host.name() + "/" + name;
    }

    public final List<Ipv4Prefix> addresses() {
        return Collections.unmodifiableList(addresses);
    }

    /**
     * Whether {@code a} is the directed broadcast address of one of this device's subnets (prefixes
     * shorter than /31 have one). Asked for every packet, so it walks the list without a view.
     */
    public final boolean isSubnetBroadcast(Ipv4Address a) {
        int bits = a.bits();
        for (int i = 0, n = addresses.size(); i < n; i++) {
            Ipv4Prefix p = addresses.get(i);
            if (p.length() < 31 && p.broadcast().bits() == bits) {
                return true;
            }
        }
        return false;
    }

    public void addAddress(Ipv4Prefix p) {
        if (!addresses.contains(p)) {
            addresses.add(p);
        }
    }

    /** The primary (first) address, or null. */
    public final Ipv4Address primaryAddress() {
        return addresses.isEmpty() ? null : addresses.get(0).address();
    }

    /** The bridge this device is a port of, or null. */
    public final BridgeDevice master() {
        return master;
    }

    final void setMaster(BridgeDevice master, FrameHandler handler) {
        this.master = master;
        this.rxHandler = handler;
    }

    /**
     * Receive path shared by every device: traces RX and hands the frame to the receive handler,
     * or drops it when the device or its namespace is down.
     */
    protected final void receive(PacketBuffer frame) {
        if (!host.isUp()) {
            drop(frame, DropReason.NODE_DOWN, host.name() + " is down; " + name + " cannot receive");
            return;
        }
        if (!up) {
            drop(frame, DropReason.INTERFACE_DOWN, name + " is down and drops the frame it receives");
            return;
        }
        if (host.tracer().enabled()) {
            io.podnet.sim.wire.Packet p = frame.packet();
            host.trace(frame, name, EventKind.RX, () -> name + " receives " + describe(p), p, null, null);
        }
        frame.setInputDevice(name);
        rxHandler.handleFrame(this, frame);
    }

    /** Traces TX; returns false (after tracing a drop) when the device cannot send. */
    protected final boolean beginTransmit(PacketBuffer frame) {
        if (!host.isUp()) {
            drop(frame, DropReason.NODE_DOWN, host.name() + " is down; " + name + " cannot send");
            return false;
        }
        if (!up) {
            drop(frame, DropReason.INTERFACE_DOWN, name + " is down and cannot send");
            return false;
        }
        if (host.tracer().enabled()) {
            io.podnet.sim.wire.Packet p = frame.packet();
            host.trace(frame, name, EventKind.TX, () -> name + " sends " + describe(p), p, null, null);
        }
        return true;
    }

    /** Traces a drop at this device. */
    public final void drop(PacketBuffer frame, DropReason reason, String why) {
        if (host.tracer().enabled()) {
            host.trace(frame, name, EventKind.DROP, why, frame.packet(), null, new Decision.Drop(reason, why));
        }
    }

    /** "a 98-byte frame 02:..:01 > 02:..:02 (IPv4 10.0.0.1 > 10.0.0.2 udp)". */
    protected static String describe(PacketBuffer frame) {
        return describe(frame.packet());
    }

    /** As {@link #describe(PacketBuffer)}, of a packet. */
    protected static String describe(io.podnet.sim.wire.Packet p) {
        if (!(p.header(0) instanceof EthernetHeader eth)) {
            return "a " + p.length() + "-byte packet (" + p.header(0).summary() + ")";
        }
        StringBuilder sb = new StringBuilder("a ").append(p.length()).append("-byte frame");
        sb.append(' ').append(eth.src()).append(" > ").append(eth.dst());
        if (p.headerCount() > 1) {
            sb.append(" (").append(p.header(1).summary()).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return location();
    }
}
