package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * A GENEVE device (RFC 8926, UDP 6081) carrying Ethernet frames (protocol type 0x6558).
 *
 * <p>Transmit: as the VXLAN device, the inner frame's destination MAC chooses the remote tunnel
 * endpoint through the device's FDB (a miss drops with {@code NO_FDB_ENTRY}; a plain Linux
 * {@code geneve} device has a single {@code remote}, an OVS/OVN one chooses per flow: the FDB
 * models both). Outer headers follow Linux's {@code geneve_xmit_skb} defaults: TTL 64 (the route's
 * hop limit), DF clear ({@code df unset}, see {@link #setDontFragment}), the inner ECN bits in the
 * TOS, no UDP checksum (Linux sets one only with {@code udpcsum}), the source port a hash of the
 * inner flow over 1-65535. {@code optionBytes} of TLV options are added (class 0x0102 as OVN uses,
 * critical type 0x80; their contents are zero: only their size is simulated), so the overhead is 50
 * bytes plus the options. The outer datagram leaves through the namespace's IP output path.
 *
 * <p>Receive: the namespace hands it UDP datagrams to its port; with a matching VNI the outer
 * headers are removed and the inner frame is received on this device.
 */
public final class GeneveDevice extends NetDevice implements UdpTunnel {
    /** Outer IPv4 + UDP + GENEVE (no options) + inner Ethernet. */
    public static final int BASE_OVERHEAD = Ipv4Header.LENGTH + UdpHeader.LENGTH + GeneveHeader.BASE_LENGTH
            + EthernetHeader.LENGTH;
    public static final int DEFAULT_TTL = 64;
    /** OVN's option class. */
    public static final int OPTION_CLASS = 0x0102;

    private final int vni;
    private final int port;
    private final Ipv4Address local;
    private final List<GeneveHeader.Option> options;
    private final TunnelFdb fdb;
    private boolean dontFragment;
    private int nextIpId;

    public GeneveDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu, int vni, int port,
                        Ipv4Address local, int optionBytes) {
        super(host, name, ifindex, mac, mtu);
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI of " + location() + " must be 0-16777215, was " + vni);
        }
        if (port <= 0 || port > 0xffff) {
            throw new IllegalArgumentException("GENEVE port of " + location() + " must be 1-65535, was " + port);
        }
        if (optionBytes < 0 || optionBytes % 4 != 0 || optionBytes > GeneveHeader.MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("GENEVE options of " + location() + " must be a multiple of 4 bytes up to "
                    + GeneveHeader.MAX_OPTIONS_LENGTH + ", was " + optionBytes);
        }
        this.vni = vni;
        this.port = port;
        this.local = local;
        this.options = options(optionBytes);
        this.fdb = new TunnelFdb(name);
    }

    /** Options filling {@code bytes}: as few TLVs as fit (each at most 4 + 124 bytes). */
    static List<GeneveHeader.Option> options(int bytes) {
        List<GeneveHeader.Option> out = new ArrayList<>();
        int left = bytes;
        while (left > 0) {
            int data = Math.min(left - GeneveHeader.Option.HEADER_LENGTH, GeneveHeader.Option.MAX_DATA_LENGTH);
            out.add(new GeneveHeader.Option(OPTION_CLASS, 0x80, new byte[data]));
            left -= GeneveHeader.Option.HEADER_LENGTH + data;
        }
        return List.copyOf(out);
    }

    @Override
    public String kind() {
        return "geneve";
    }

    public int vni() {
        return vni;
    }

    @Override
    public int udpPort() {
        return port;
    }

    /** Bytes this device adds to an inner IP packet: 50 plus the options. */
    public int overhead() {
        return BASE_OVERHEAD + header().optionsLength();
    }

    public boolean dontFragment() {
        return dontFragment;
    }

    /** {@code df set|unset} (Linux's default is unset). */
    public void setDontFragment(boolean df) {
        this.dontFragment = df;
    }

    private GeneveHeader header() {
        return new GeneveHeader(vni, options);
    }

    public void addFdb(MacAddress mac, Ipv4Address dst) {
        fdb.add(mac, dst);
    }

    public void removeFdb(MacAddress mac) {
        fdb.remove(mac);
    }

    public Ipv4Address fdbLookup(MacAddress mac) {
        return fdb.lookup(mac);
    }

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
        Ipv4Address remote = fdb.lookup(eth.dst());
        if (remote == null) {
            drop(frame, DropReason.NO_FDB_ENTRY, name() + " has no FDB entry for " + eth.dst()
                    + ", so it does not know which node to send the frame to");
            return;
        }
        MacAddress used = fdb.matched(eth.dst());
        if (host.tracer().enabled()) {
            host.trace(frame, name(), EventKind.NOTE, name() + " FDB: " + used + " is reached through the tunnel endpoint "
                    + remote, inner, null, new Decision.FdbEntry(used.toString(), name(), remote.toString(),
                    fdb.line(used, remote)));
        }
        Ipv4Address src = local != null ? local : host.sourceFor(remote);
        if (src == null) {
            drop(frame, DropReason.NO_ROUTE, name() + " has no route to the tunnel endpoint " + remote);
            return;
        }
        Ipv4Header innerIp = inner.first(Ipv4Header.class);
        int tos = innerIp == null ? 0 : FlowHash.ecnEncap(innerIp.tos());
        Ipv4Header outerIp = new Ipv4Header(tos, nextIpId, dontFragment, false, 0, DEFAULT_TTL, Ipv4Header.PROTO_UDP, src,
                remote);
        nextIpId = (nextIpId + 1) & 0xffff;
        UdpHeader udp = new UdpHeader(FlowHash.sourcePort(inner, 1, 0x10000), port, false);
        GeneveHeader g = header();
        Packet outer = inner.encapsulate(List.of(outerIp, udp, g));
        int overhead = overhead();
        host.charge(frame, CostStep.GENEVE_ENCAP, inner.length());
        if (host.tracer().enabled()) {
            host.trace(frame, name(), EventKind.ENCAP, name() + " wraps the frame in GENEVE (VNI " + vni
                    + (g.options().isEmpty() ? "" : ", " + g.optionsLength() + " bytes of options") + ", UDP "
                    + udp.srcPort() + " > " + port + ", " + src + " > " + remote + ", " + overhead
                    + " bytes of overhead)", inner, outer,
                    new Decision.Tunnel("geneve", vni, src.toString(), remote.toString(), port, overhead));
        }
        frame.setPacket(outer);
        host.outputDatagram(frame);
    }

    @Override
    public boolean receiveEncapsulated(PacketBuffer datagram) {
        Packet outer = datagram.packet();
        int gIdx = outer.indexOf(GeneveHeader.class, 0);
        if (gIdx < 0 || gIdx + 1 >= outer.headerCount()) {
            return false;
        }
        GeneveHeader g = (GeneveHeader) outer.header(gIdx);
        if (g.vni() != vni || g.protocolType() != GeneveHeader.PROTO_ETHERNET
                || !(outer.header(gIdx + 1) instanceof EthernetHeader)) {
            return false;
        }
        Ipv4Header outerIp = outer.first(Ipv4Header.class);
        Packet inner = outer.decapsulate(gIdx + 1);
        host.charge(datagram, CostStep.GENEVE_DECAP, inner.length());
        if (host.tracer().enabled()) {
            host.trace(datagram, name(), EventKind.DECAP, name() + " removes the GENEVE headers (VNI " + vni + ", from "
                    + outerIp.src() + ")", outer, inner, new Decision.Tunnel("geneve", vni, outerIp.src().toString(),
                    outerIp.dst().toString(), port, BASE_OVERHEAD + g.optionsLength()));
        }
        datagram.setPacket(inner);
        receive(datagram);
        return true;
    }
}
