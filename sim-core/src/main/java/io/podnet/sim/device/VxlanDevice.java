package io.podnet.sim.device;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.cost.CostStep;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.List;

/**
 * A VXLAN device as flanneld creates it ({@code ip link add flannel.1 type vxlan id 1 local
 * 172.18.0.2 dev eth0 dstport 8472 nolearning}).
 *
 * <p>Transmit: the inner frame's destination MAC is looked up in the device's FDB ({@code bridge
 * fdb append MAC dev flannel.1 dst VTEP}); a miss drops the frame ({@code NO_FDB_ENTRY}). The frame
 * is wrapped in outer IPv4/UDP/VXLAN headers as Linux does by default: TTL 0 in the device
 * configuration means "use the route's hop limit" (64), DF is not set ({@code df unset}; see
 * {@link #setDontFragment}), TOS 0
 * with the inner ECN bits copied, the UDP checksum is 0, and the UDP source port is a hash of the
 * inner flow mapped into the local port range 32768-60999 (the kernel's {@code udp_flow_src_port}).
 * The outer datagram then leaves through the namespace's IP output path (routing, OUTPUT,
 * POSTROUTING, ARP, eth0) as a locally generated UDP packet.
 *
 * <p>Receive: the namespace hands UDP datagrams for the VXLAN port to {@link #receiveEncapsulated};
 * with a matching VNI the outer headers are removed and the inner frame is received on this
 * device.
 */
public final class VxlanDevice extends NetDevice implements UdpTunnel {
    /** Outer IPv4 + UDP + VXLAN + inner Ethernet: what encapsulation adds to an inner IP packet. */
    public static final int OVERHEAD = Ipv4Header.LENGTH + UdpHeader.LENGTH + VxlanHeader.LENGTH + EthernetHeader.LENGTH;
    public static final int PORT_MIN = 32768;
    public static final int PORT_MAX = 61000;
    public static final int DEFAULT_TTL = 64;

    private final int vni;
    private final int port;
    private final Ipv4Address local;
    private final boolean learning;
    private boolean dontFragment;
    private final TunnelFdb fdb;
    private int nextIpId;

    public VxlanDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu, int vni, int port,
                       Ipv4Address local, boolean learning) {
        super(host, name, ifindex, mac, mtu);
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI of " + location() + " must be 0-16777215, was " + vni);
        }
        if (port <= 0 || port > 0xffff) {
            throw new IllegalArgumentException("VXLAN port of " + location() + " must be 1-65535, was " + port);
        }
        this.vni = vni;
        this.port = port;
        this.local = local;
        this.learning = learning;
        this.fdb = new TunnelFdb(name);
    }

    @Override
    public String kind() {
        return "vxlan";
    }

    public int vni() {
        return vni;
    }

    public int port() {
        return port;
    }

    public Ipv4Address local() {
        return local;
    }

    public boolean learning() {
        return learning;
    }

    @Override
    public int udpPort() {
        return port;
    }

    /** {@code df set}: the outer header carries DF, so an outer packet too big for the underlay is dropped. */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** {@code ip link set DEV type vxlan df set|unset} (Linux's default, and Flannel's, is unset). */
    public void setDontFragment(boolean df) {
        this.dontFragment = df;
    }

    /** Adds or replaces a static FDB entry: frames to {@code mac} go to the VTEP {@code dst}. */
    public void addFdb(MacAddress mac, Ipv4Address dst) {
        fdb.add(mac, dst);
    }

    public void removeFdb(MacAddress mac) {
        fdb.remove(mac);
    }

    /**
     * Static FDB entries many devices hold alike, as one shared layer after the entries added so
     * far (the same answers as adding each with {@link #addFdb}, without copying them). Returns
     * false, changing nothing, when the entries are not for this device or one of their MACs has an
     * entry here already; the caller then adds them one by one.
     */
    public boolean attachSharedFdb(SharedFdb index, EntryList.Shared<FdbConfig> part) {
        return fdb.attachShared(index, part);
    }

    /** How many FDB entries are those of a shared layer ({@link #attachSharedFdb}), not copies. */
    public int sharedFdbSize() {
        return fdb.sharedSize();
    }

    /** The remote VTEP for {@code mac} (falling back to the all-zeros default entry), or null. */
    public Ipv4Address fdbLookup(MacAddress mac) {
        return fdb.lookup(mac);
    }

    /** FDB entries as {@code bridge fdb show dev flannel.1} prints them, in insertion order. */
    public List<String> fdbText() {
        return fdb.text();
    }

    @Override
    public void transmit(PacketBuffer frame) {
        if (!beginTransmit(frame)) {
            return;
        }
        Packet inner = frame.packet();
        EthernetHeader eth = inner.first(EthernetHeader.class);
        Ipv4Address vtep = fdbLookup(eth.dst());
        if (vtep == null) {
            drop(frame, DropReason.NO_FDB_ENTRY, name() + " has no FDB entry for " + eth.dst()
                    + ", so it does not know which node (VTEP) to send the frame to");
            return;
        }
        MacAddress used = fdb.matched(eth.dst());
        if (host.tracer().enabled()) {
            host.traceLazy(frame, name(), EventKind.NOTE, () -> name() + " FDB: " + used + " is reached through the VTEP "
                    + vtep, inner, null, () -> new Decision.FdbEntry(used.toString(), name(), vtep.toString(),
                    fdb.line(used, vtep)));
        }
        Ipv4Address src = local != null ? local : host.sourceFor(vtep);
        if (src == null) {
            drop(frame, DropReason.NO_ROUTE, name() + " has no route to the VTEP " + vtep);
            return;
        }
        Ipv4Header innerIp = inner.first(Ipv4Header.class);
        int tos = innerIp == null ? 0 : FlowHash.ecnEncap(innerIp.tos());
        Ipv4Header outerIp = new Ipv4Header(tos, nextIpId, dontFragment, false, 0, DEFAULT_TTL, Ipv4Header.PROTO_UDP, src, vtep);
        nextIpId = (nextIpId + 1) & 0xffff;
        UdpHeader udp = new UdpHeader(sourcePort(inner), port, false);
        Packet outer = inner.encapsulate(List.of(outerIp, udp, new VxlanHeader(vni)));
        host.charge(frame, CostStep.VXLAN_ENCAP, inner.length());
        if (host.tracer().enabled()) {
            host.traceLazy(frame, name(), EventKind.ENCAP, () -> name() + " wraps the frame in VXLAN (VNI " + vni + ", UDP "
                    + udp.srcPort() + " > " + port + ", " + src + " > " + vtep + ", " + OVERHEAD + " bytes of overhead)",
                    inner, outer, () -> new Decision.Tunnel("vxlan", vni, src.toString(), vtep.toString(), port, OVERHEAD));
        }
        frame.setPacket(outer);
        host.outputDatagram(frame);
    }

    /**
     * The outer UDP source port: a hash of the inner flow (addresses, protocol and ports, or the
     * MAC addresses for non-IP frames) mapped into 32768-60999 the way {@code udp_flow_src_port}
     * maps the kernel's flow hash. Deterministic, so one flow always uses one port.
     */
    public static int sourcePort(Packet inner) {
        return FlowHash.sourcePort(inner, PORT_MIN, PORT_MAX);
    }

    /**
     * Called by the namespace for a UDP datagram to this device's port that INPUT accepted. The
     * datagram starts with the outer IPv4 header. Returns false when the VNI is not this device's.
     */
    @Override
    public boolean receiveEncapsulated(PacketBuffer datagram) {
        Packet outer = datagram.packet();
        VxlanHeader vx = outer.first(VxlanHeader.class);
        int vxIdx = outer.indexOf(VxlanHeader.class, 0);
        if (vx == null || vx.vni() != vni || vxIdx + 1 >= outer.headerCount()
                || !(outer.header(vxIdx + 1) instanceof EthernetHeader innerEth)) {
            return false;
        }
        Ipv4Header outerIp = outer.first(Ipv4Header.class);
        Packet inner = outer.decapsulate(vxIdx + 1);
        host.charge(datagram, CostStep.VXLAN_DECAP, inner.length());
        if (host.tracer().enabled()) {
            host.traceLazy(datagram, name(), EventKind.DECAP, () -> name() + " removes the VXLAN headers (VNI " + vni
                    + ", from VTEP " + outerIp.src() + ")", outer, inner, () -> new Decision.Tunnel("vxlan", vni,
                    outerIp.src().toString(), outerIp.dst().toString(), port, OVERHEAD));
        }
        if (learning && !innerEth.src().isMulticast()) {
            addFdb(innerEth.src(), outerIp.src());
        }
        datagram.setPacket(inner);
        receive(datagram);
        return true;
    }
}
