package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import java.util.List;

/**
 * An IP-in-IP tunnel as Calico uses it ({@code tunl0}): an L3 device without ARP. A datagram
 * routed {@code via NODE dev tunl0 onlink} gets an outer IPv4 header (protocol 4) from this node
 * to NODE, with the kernel's defaults for the fallback tunnel: TTL and DF inherited from the inner
 * header, TOS 0 ({@code ttl inherit nopmtudisc}). A DF packet that would not fit the underlay
 * path once wrapped is refused with ICMP fragmentation needed (mtu = path MTU - 20), as
 * {@code tnl_update_pmtu} does; without DF the outer packet is fragmented on the way out. The
 * outer datagram leaves through the namespace's IP output path. Received
 * IPv4-in-IPv4 datagrams are decapsulated and the inner one is received on this device.
 */
public final class IpipDevice extends NetDevice {
    public static final int OVERHEAD = Ipv4Header.LENGTH;

    private int nextIpId;

    public IpipDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu) {
        super(host, name, ifindex, mac == null ? MacAddress.ZERO : mac, mtu);
    }

    @Override
    public String kind() {
        return "ipip";
    }

    @Override
    public boolean usesArp() {
        return false;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        Packet p = frame.packet();
        Ipv4Header ip = p.first(Ipv4Header.class);
        if (!(p.header(0) instanceof EthernetHeader) || ip == null) {
            drop(frame, DropReason.INVALID, name() + " only carries IPv4");
            return;
        }
        frame.setPacket(p.decapsulate(1));
        transmitDatagram(frame, ip.dst());
    }

    @Override
    public void transmitDatagram(PacketBuffer datagram, Ipv4Address nextHop) {
        if (!beginTransmit(datagram)) {
            return;
        }
        Packet inner = datagram.packet();
        Ipv4Header in = (Ipv4Header) inner.header(0);
        Ipv4Address src = host.sourceFor(nextHop);
        if (src == null) {
            drop(datagram, DropReason.NO_ROUTE, name() + " has no route to the tunnel endpoint " + nextHop);
            return;
        }
        int pathMtu = host.mtuFor(nextHop) - OVERHEAD;
        if (in.dontFragment() && pathMtu > 0 && inner.length() > pathMtu) {
            // ip_tunnel's tnl_update_pmtu: with DF the tunnel answers for the underlay.
            drop(datagram, DropReason.MTU_EXCEEDED, "the " + inner.length() + "-byte packet has DF set and, with "
                    + OVERHEAD + " bytes of IPIP header, does not fit the path to " + nextHop + " (MTU "
                    + (pathMtu + OVERHEAD) + "): " + name() + " answers fragmentation needed, mtu " + pathMtu);
            host.icmpError(datagram, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_FRAG_NEEDED, pathMtu);
            return;
        }
        Ipv4Header outer = new Ipv4Header(0, nextIpId, in.dontFragment(), false, 0, in.ttl(), Ipv4Header.PROTO_IPIP, src,
                nextHop);
        nextIpId = (nextIpId + 1) & 0xffff;
        Packet wrapped = inner.encapsulate(List.of(outer));
        host.charge(datagram, CostStep.IPIP_ENCAP, inner.length());
        if (host.tracer().enabled()) {
            host.trace(datagram, name(), EventKind.ENCAP, name() + " wraps the packet in an outer IPv4 header ("
                    + src + " > " + nextHop + ", protocol 4, " + OVERHEAD + " bytes of overhead)", inner, wrapped,
                    new Decision.Tunnel("ipip", 0, src.toString(), nextHop.toString(), 0, OVERHEAD));
        }
        datagram.setPacket(wrapped);
        host.outputDatagram(datagram);
    }

    /** Called by the namespace for a local IPv4 datagram with protocol 4; it starts with the outer header. */
    public void receiveEncapsulated(PacketBuffer datagram) {
        Packet outer = datagram.packet();
        Ipv4Header o = (Ipv4Header) outer.header(0);
        if (outer.headerCount() < 2 || !(outer.header(1) instanceof Ipv4Header)) {
            drop(datagram, DropReason.INVALID, name() + " received protocol 4 without an inner IPv4 header");
            return;
        }
        Packet inner = outer.decapsulate(1);
        host.charge(datagram, CostStep.IPIP_DECAP, inner.length());
        if (host.tracer().enabled()) {
            host.trace(datagram, name(), EventKind.DECAP, name() + " removes the outer IPv4 header (from " + o.src() + ")",
                    outer, inner, new Decision.Tunnel("ipip", 0, o.src().toString(), o.dst().toString(), 0, OVERHEAD));
        }
        datagram.setPacket(inner.encapsulate(List.of(
                new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, EthernetHeader.TYPE_IPV4))));
        receive(datagram);
    }
}
