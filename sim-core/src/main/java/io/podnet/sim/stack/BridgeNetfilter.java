package io.podnet.sim.stack;

import io.podnet.sim.device.BridgeDevice;
import io.podnet.sim.device.BridgeFilter;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import java.util.List;

/**
 * {@code br_netfilter} for one namespace: IPv4 frames entering a bridge cross PREROUTING with the
 * bridge as input device. When DNAT changed the destination, the packet is routed again: if the
 * new route leaves through the same bridge the frame stays bridged ("bridged DNAT", never routed:
 * the TTL is not decremented) with the new destination MAC (which is why a pod reaching itself
 * through a Service needs hairpin mode on its port); otherwise it goes up to the IP layer. When the
 * neighbour is not usable yet the kernel hands the packet to {@code neigh->output} with
 * {@code bridged_dnat} set and, once ARP resolved it, {@code br_dev_xmit} goes on bridging it from
 * its original port with its original source MAC; here the frame waits in the neighbour queue
 * ({@link NeighbourTable#resolveThen}) and resumes with {@link BridgeDevice#resumeBridged}. Bridged frames cross FORWARD
 * and POSTROUTING with the bridge as both devices. PREROUTING is not run twice for frames that
 * go up (the kernel's {@code ip_sabotage_in}).
 */
final class BridgeNetfilter implements BridgeFilter {
    private final NetNamespace ns;

    BridgeNetfilter(NetNamespace ns) {
        this.ns = ns;
    }

    @Override
    public Outcome preRouting(BridgeDevice bridge, NetDevice inPort, PacketBuffer frame) {
        Packet l2 = frame.packet();
        EthernetHeader eth = (EthernetHeader) l2.header(0);
        if (l2.headerCount() < 2 || !(l2.header(1) instanceof Ipv4Header ip)) {
            return Outcome.BRIDGE;
        }
        frame.setPacket(l2.decapsulate(1));
        if (!ns.path().hook(Hook.PREROUTING, frame, bridge.name(), null, bridge.name())) {
            return Outcome.DROPPED;
        }
        Ipv4Address dst = frame.packet().first(Ipv4Header.class).dst();
        if (!dst.equals(ip.dst())) {
            Route r = ns.isLocalAddress(dst) ? null : ns.routes().lookup(dst);
            if (r != null && r.device() == bridge && r.type() == Route.Type.UNICAST) {
                Ipv4Address nextHop = r.nextHop(dst);
                NeighbourTable.Entry n = ns.neighbours().get(bridge, nextHop);
                if (n != null && n.mac() != null && n.state() != NeighbourTable.State.INCOMPLETE
                        && n.state() != NeighbourTable.State.FAILED) {
                    EthernetHeader ne = new EthernetHeader(n.mac(), eth.src(), eth.etherType());
                    frame.setPacket(frame.packet().encapsulate(List.of(ne)));
                    if (ns.tracer().enabled()) {
                        ns.trace(frame, bridge.name(), EventKind.NOTE, "after DNAT to " + dst + " the frame stays on "
                                + bridge.name() + " (route " + r.text() + "); its destination MAC becomes " + n.mac(),
                                l2, frame.packet(), null);
                    }
                    return Outcome.BRIDGE;
                }
                if (ns.tracer().enabled()) {
                    ns.trace(frame, bridge.name(), EventKind.NOTE, "after DNAT to " + dst + " the frame stays on "
                            + bridge.name() + " (route " + r.text() + "); resolving " + nextHop
                            + " first, then it is bridged unrouted (TTL unchanged)", l2, frame.packet(), null);
                }
                ns.neighbours().resolveThen(bridge, nextHop, frame, mac -> {
                    frame.setPacket(frame.packet().encapsulate(List.of(
                            new EthernetHeader(mac, eth.src(), eth.etherType()))));
                    if (ns.tracer().enabled()) {
                        ns.trace(frame, bridge.name(), EventKind.NOTE, nextHop + " resolved: the DNATed frame goes on "
                                + "being bridged on " + bridge.name() + " from " + inPort.name()
                                + " with destination MAC " + mac + " and its original source MAC " + eth.src(),
                                null, frame.packet(), null);
                    }
                    bridge.resumeBridged(inPort, frame);
                });
                return Outcome.PENDING;
            }
            frame.setPacket(frame.packet().encapsulate(List.of(
                    new EthernetHeader(bridge.mac(), eth.src(), eth.etherType()))));
            return Outcome.UP;
        }
        frame.setPacket(frame.packet().encapsulate(List.of(eth)));
        return isLocal(bridge, eth.dst()) ? Outcome.UP : Outcome.BRIDGE;
    }

    private static boolean isLocal(BridgeDevice bridge, MacAddress dst) {
        if (dst.equals(bridge.mac())) {
            return true;
        }
        for (BridgeDevice.Port p : bridge.ports()) {
            if (p.device().mac().equals(dst)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void receiveUp(BridgeDevice bridge, PacketBuffer frame) {
        frame.setPacket(frame.packet().decapsulate(1));
        ns.path().ipReceive(bridge, frame, true);
    }

    @Override
    public boolean forward(BridgeDevice bridge, NetDevice inPort, NetDevice outPort, PacketBuffer frame) {
        Packet l2 = frame.packet();
        if (l2.headerCount() < 2 || !(l2.header(1) instanceof Ipv4Header)) {
            return true;
        }
        EthernetHeader eth = (EthernetHeader) l2.header(0);
        frame.setPacket(l2.decapsulate(1));
        boolean ok = ns.path().hook(Hook.FORWARD, frame, bridge.name(), bridge.name(), bridge.name())
                && ns.path().hook(Hook.POSTROUTING, frame, null, bridge.name(), bridge.name());
        if (ok) {
            frame.setPacket(frame.packet().encapsulate(List.of(eth)));
        }
        return ok;
    }
}
