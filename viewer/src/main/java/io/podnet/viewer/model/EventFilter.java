package io.podnet.viewer.model;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import io.podnet.sim.wire.WireguardHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * The event list's filter: which steps the player walks through. Each criterion is null for "any":
 * a flow (traffic item), a node (the host a namespace belongs to, or the namespace itself), an
 * event kind, a protocol ({@link #PROTOCOLS}: the innermost application or transport protocol of
 * the event's packet, or the tunnel it is carried in). With {@code arp} on, ARP requests and
 * replies and neighbour resolution are steps of their own (they are left out of the traffic view
 * otherwise), so the time a packet waits for ARP is explained. With {@code control} on, the control
 * plane's events are steps too ({@link ControlPlane#isControl}: BGP messages, the speakers' session
 * changes and route installs, node failures), so sessions coming up and convergence can be stepped.
 */
public record EventFilter(String flow, String node, EventKind kind, String protocol, boolean arp, boolean control) {
    /** Without the control plane's events. */
    public EventFilter(String flow, String node, EventKind kind, String protocol, boolean arp) {
        this(flow, node, kind, protocol, arp, false);
    }

    /** The protocols the filter knows, as listed in the bar. */
    public static final List<String> PROTOCOLS = List.of("ARP", "ICMP", "TCP", "UDP", "DNS", "HTTP", "BGP", "VXLAN",
            "GENEVE", "WireGuard");

    public static final EventFilter NONE = new EventFilter(null, null, null, null, false, false);

    public boolean isNone() {
        return flow == null && node == null && kind == null && protocol == null && !arp && !control;
    }

    /**
     * The steps to walk: {@code base} (event positions in order), with ARP/neighbour events added
     * when {@link #arp} is on, then kept when every criterion matches.
     */
    public int[] apply(TraceIndex trace, int[] base, Topology topo) {
        if (isNone()) {
            return base;
        }
        List<Integer> out = new ArrayList<>();
        // Asking for ARP or BGP means wanting their steps, which the traffic view leaves out.
        boolean wantArp = arp || "ARP".equals(protocol);
        boolean wantControl = control || "BGP".equals(protocol);
        int[] b = {0};
        Traces.scan(trace.events(), (i, e) -> { // one pass; a trace file is read front to back
            boolean inBase = b[0] < base.length && base[b[0]] == i;
            if (inBase) {
                b[0]++;
            }
            if (!inBase && !(wantArp && isArp(e)) && !(wantControl && ControlPlane.isControl(e))) {
                return;
            }
            if (matches(e, topo)) {
                out.add(i);
            }
        });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether one event passes the flow, node, kind and protocol criteria. */
    public boolean matches(TraceEvent e, Topology topo) {
        if (flow != null && !flow.equals(e.flow())) {
            return false;
        }
        if (node != null) {
            String ns = e.namespace();
            String host = ns == null || topo == null ? null : topo.hostOf(ns);
            if (!node.equals(ns) && !node.equals(host)) {
                return false;
            }
        }
        if (kind != null && e.kind() != kind) {
            return false;
        }
        return protocol == null || protocols(e.packet()).contains(protocol) || ("ARP".equals(protocol) && isArp(e));
    }

    /** ARP frames and neighbour resolution. */
    public static boolean isArp(TraceEvent e) {
        if (e.kind() == EventKind.NEIGHBOUR) {
            return true;
        }
        Packet p = e.packet();
        if (p == null) {
            return false;
        }
        for (Header h : p.headers()) {
            if (h instanceof ArpPacket) {
                return true;
            }
        }
        return false;
    }

    /** Every protocol of {@link #PROTOCOLS} the packet carries (outer tunnels and inner ones). */
    public static List<String> protocols(Packet p) {
        List<String> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        for (Header h : p.headers()) {
            if (h instanceof ArpPacket) {
                out.add("ARP");
            } else if (h instanceof IcmpHeader) {
                out.add("ICMP");
            } else if (h instanceof TcpHeader t) {
                out.add("TCP");
                if (t.srcPort() == 179 || t.dstPort() == 179 || ControlPlane.bgpMessage(p) != null) {
                    out.add("BGP");
                }
                if (t.srcPort() == 80 || t.dstPort() == 80 || t.srcPort() == 8080 || t.dstPort() == 8080) {
                    out.add("HTTP");
                }
                if (t.srcPort() == 53 || t.dstPort() == 53) {
                    out.add("DNS");
                }
            } else if (h instanceof UdpHeader u) {
                out.add("UDP");
                if (u.srcPort() == 53 || u.dstPort() == 53) {
                    out.add("DNS");
                }
            } else if (h instanceof VxlanHeader) {
                out.add("VXLAN");
            } else if (h instanceof GeneveHeader) {
                out.add("GENEVE");
            } else if (h instanceof WireguardHeader) {
                out.add("WireGuard");
            }
        }
        return out;
    }
}
