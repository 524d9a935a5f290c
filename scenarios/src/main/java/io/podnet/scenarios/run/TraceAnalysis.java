package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Encapsulation;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads per-flow facts out of a run's trace: which tunnel carried a flow, which hops its first
 * request packet crossed, which pod received it, and what dropped it. Works on the trace alone, so
 * it applies to any trace the simulator writes.
 */
public final class TraceAnalysis {
    private final Map<String, List<TraceEvent>> byFlow = new LinkedHashMap<>();

    public TraceAnalysis(List<TraceEvent> trace) {
        for (TraceEvent e : trace) {
            if (e.flow() != null) {
                byFlow.computeIfAbsent(e.flow(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    /** The flow's events in run order (empty when it has none). */
    public List<TraceEvent> events(String flow) {
        return byFlow.getOrDefault(flow, List.of());
    }

    /** The tunnel type of the flow's first ENCAP event, or {@code NONE}. */
    public Encapsulation encapsulation(String flow) {
        for (TraceEvent e : events(flow)) {
            if (e.kind() == EventKind.ENCAP) {
                String type = e.decision() instanceof Decision.Tunnel t ? t.type() : e.device();
                return encapsulationOf(type);
            }
        }
        return Encapsulation.NONE;
    }

    static Encapsulation encapsulationOf(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.contains("vxlan") || t.startsWith("flannel")) {
            return Encapsulation.VXLAN;
        }
        if (t.contains("ipip") || t.startsWith("tunl")) {
            return Encapsulation.IPIP;
        }
        if (t.contains("geneve")) {
            return Encapsulation.GENEVE;
        }
        if (t.contains("wireguard") || t.startsWith("wg") || t.startsWith("flannel-wg")) {
            return Encapsulation.WIREGUARD;
        }
        return Encapsulation.NONE;
    }

    /**
     * The first packet the client sent in {@code clientNamespace} (the SYN, the first datagram or
     * the echo request), or null.
     */
    public Packet firstRequest(String flow, String clientNamespace) {
        for (TraceEvent e : events(flow)) {
            if (e.namespace().equals(clientNamespace) && e.packet() != null && innerIp(e.packet()) != null) {
                return e.packet();
            }
        }
        return null;
    }

    /**
     * The hops ({@code namespace/device}) the flow's first request packet crossed, from RX, TX and
     * BRIDGE events (a bridge that forwards port to port crossed the packet too), with consecutive
     * duplicates removed. The packet is followed through NAT and tunnels
     * by what neither changes: its innermost IPv4 identification and transport header kind, and
     * for TCP its sequence number and flags.
     */
    public List<String> requestPath(String flow, String clientNamespace) {
        Packet first = firstRequest(flow, clientNamespace);
        List<String> path = new ArrayList<>();
        if (first == null) {
            return path;
        }
        Signature sig = Signature.of(first);
        for (TraceEvent e : events(flow)) {
            boolean crossing = e.kind() == EventKind.RX || e.kind() == EventKind.TX || e.kind() == EventKind.BRIDGE;
            if (crossing && e.device() != null && e.packet() != null
                    && sig.equals(Signature.of(e.packet()))) {
                String loc = e.location();
                if (path.isEmpty() || !path.get(path.size() - 1).equals(loc)) {
                    path.add(loc);
                }
            }
        }
        return path;
    }

    /**
     * The pod (one of {@code pods}) where the flow's first request packet was delivered to a
     * socket, or null. That is the client itself when a pod reaches itself through its Service
     * (hairpin: the bridge sends the frame back out of the port it came in by); otherwise a
     * delivery in the client (the answer) never counts.
     */
    public String servedBy(String flow, String clientNamespace, Collection<String> pods) {
        Packet first = firstRequest(flow, clientNamespace);
        Signature sig = first == null ? null : Signature.of(first);
        String any = null;
        for (TraceEvent e : events(flow)) {
            if (e.kind() == EventKind.DELIVER && pods.contains(e.namespace())) {
                if (sig != null && e.packet() != null && sig.equals(Signature.of(e.packet()))) {
                    return e.namespace(); // the request itself: in the client too when it reached itself (hairpin)
                }
                if (any == null && !e.namespace().equals(clientNamespace)) {
                    any = e.namespace();
                }
            }
        }
        return any;
    }

    /** The flow's first DROP event, or null. */
    public TraceEvent firstDrop(String flow) {
        for (TraceEvent e : events(flow)) {
            if (e.kind() == EventKind.DROP) {
                return e;
            }
        }
        return null;
    }

    /** What dropped a packet, for {@code droppedBy} globs: the rule, policy or reason, and where. */
    public static String dropCause(TraceEvent drop) {
        if (drop == null) {
            return null;
        }
        if (drop.decision() instanceof Decision.Drop d) {
            return d.detail() != null && !d.detail().isEmpty() ? d.detail() : d.reason().name();
        }
        if (drop.decision() instanceof Decision.RuleHit r) {
            return r.table() + "/" + r.chain() + ": " + r.ruleText();
        }
        return drop.explanation();
    }

    /** " (REASON)" for a drop with a typed reason whose cause text does not already name it, else "". */
    static String dropReasonText(TraceEvent drop) {
        if (drop != null && drop.decision() instanceof Decision.Drop d && !dropCause(drop).equals(d.reason().name())) {
            return " (" + d.reason().name() + ")";
        }
        return "";
    }

    static Ipv4Header innerIp(Packet p) {
        return p.last(Ipv4Header.class);
    }

    /** What identifies one packet across NAT, bridging and encapsulation. */
    record Signature(int ipId, int protocol, long tcpSeq, int tcpFlags, int icmpType) {
        static Signature of(Packet p) {
            Ipv4Header ip = innerIp(p);
            if (ip == null) {
                return new Signature(-1, -1, -1, -1, -1);
            }
            int idx = p.headers().lastIndexOf(ip);
            Header l4 = idx + 1 < p.headers().size() ? p.headers().get(idx + 1) : null;
            if (l4 instanceof TcpHeader t) {
                return new Signature(ip.identification(), 6, t.seq(), t.flags(), -1);
            }
            if (l4 instanceof UdpHeader) {
                return new Signature(ip.identification(), 17, -1, -1, -1);
            }
            if (l4 instanceof IcmpHeader c) {
                return new Signature(ip.identification(), 1, -1, -1, c.type());
            }
            return new Signature(ip.identification(), ip.protocol(), -1, -1, -1);
        }
    }
}
