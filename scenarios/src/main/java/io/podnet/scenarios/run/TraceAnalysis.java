package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Encapsulation;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceListener;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-flow facts read from the trace as it is produced (a {@link TraceListener}): which tunnel
 * carried a flow, which hops its first request packet crossed, which pod received it, and what
 * dropped it. It keeps a few facts per tracked flow and no trace event except each flow's first
 * drop, so a run's memory does not grow with its length. Works on trace events alone, so it
 * applies to any trace the simulator writes; feed it a recorded trace with {@link #onEvent} to
 * analyse one afterwards.
 */
public final class TraceAnalysis implements TraceListener {
    private final Set<String> pods;
    /** Looked up by flow name only, never iterated: no order reaches the output. */
    private final Map<String, Flow> flows = new HashMap<>();

    /** @param pods the namespaces that are pods (a delivery there may serve a flow) */
    public TraceAnalysis(Collection<String> pods) {
        this.pods = Set.copyOf(pods);
    }

    /** The flow name looked up last (compared by identity: a flow's packets share its name) and its entry. */
    private String lastName;
    private Flow lastFlow;

    /** Follows {@code flow}, whose client runs in {@code clientNamespace}, from now on. */
    public void track(String flow, String clientNamespace) {
        flows.computeIfAbsent(flow, f -> new Flow(clientNamespace));
        lastName = null;
    }

    /** The entry of {@code flow}, or null when it is not tracked. */
    private Flow flow(String flow) {
        if (flow != lastName) {
            lastFlow = flows.get(flow);
            lastName = flow;
        }
        return lastFlow;
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.flow() == null) {
            return;
        }
        Flow f = flow(e.flow());
        if (f != null) {
            f.accept(e, pods);
        }
    }

    /**
     * The events {@link Flow#accept} reads: drops, encapsulations, RX/TX/BRIDGE hops and deliveries
     * of a tracked flow, and until its first request packet is known any event in its client's
     * namespace. A run observed only by this analysis builds no other event.
     */
    @Override
    public boolean wants(EventKind kind, String flow, String namespace) {
        if (flow == null) {
            return false;
        }
        Flow f = flow(flow);
        if (f == null) {
            return false;
        }
        if (kind == EventKind.DROP || kind == EventKind.ENCAP || kind == EventKind.RX || kind == EventKind.TX
                || kind == EventKind.BRIDGE || kind == EventKind.DELIVER) {
            return true;
        }
        return f.request == null && f.client.equals(namespace);
    }

    /** It never reads the events' CPU costs (so a run observed only by it keeps none). */
    @Override
    public boolean readsCpu() {
        return false;
    }

    /** The tunnel type of the flow's first ENCAP event, or {@code NONE}. */
    public Encapsulation encapsulation(String flow) {
        Flow f = flows.get(flow);
        return f == null || f.encapsulation == null ? Encapsulation.NONE : f.encapsulation;
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
     * The hops ({@code namespace/device}) the flow's first request packet (the first packet the
     * client sent: the SYN, the first datagram or the echo request) crossed, from RX, TX and BRIDGE
     * events (a bridge that forwards port to port crossed the packet too), with consecutive
     * duplicates removed. The packet is followed through NAT and tunnels by what neither changes:
     * its innermost IPv4 identification and transport header kind, and for TCP its sequence number
     * and flags.
     */
    public List<String> requestPath(String flow) {
        Flow f = flows.get(flow);
        return f == null ? List.of() : List.copyOf(f.path);
    }

    /**
     * The pod namespace where the flow's first request packet was delivered to a socket, or null.
     * That is the client itself when a pod reaches itself through its Service (hairpin: the bridge
     * sends the frame back out of the port it came in by); otherwise a delivery in the client (the
     * answer) never counts.
     */
    public String servedBy(String flow) {
        Flow f = flows.get(flow);
        return f == null ? null : f.served != null ? f.served : f.anyServed;
    }

    /** The flow's first DROP event so far, or null. */
    public TraceEvent firstDrop(String flow) {
        Flow f = flows.get(flow);
        return f == null ? null : f.firstDrop;
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

    /** What the analysis keeps of one flow. */
    private static final class Flow {
        final String client;
        Signature request;
        Encapsulation encapsulation;
        TraceEvent firstDrop;
        final List<String> path = new ArrayList<>();
        String served;
        String anyServed;

        Flow(String client) {
            this.client = client;
        }

        void accept(TraceEvent e, Set<String> pods) {
            EventKind kind = e.kind();
            Packet p = e.packet();
            if (request == null && p != null && e.namespace().equals(client) && innerIp(p) != null) {
                request = Signature.of(p); // the first packet the client sent
            }
            if (kind == EventKind.DROP) {
                if (firstDrop == null) {
                    firstDrop = e;
                }
            } else if (kind == EventKind.ENCAP) {
                if (encapsulation == null) {
                    String type = e.decision() instanceof Decision.Tunnel t ? t.type() : e.device();
                    encapsulation = encapsulationOf(type);
                }
            } else if (kind == EventKind.RX || kind == EventKind.TX || kind == EventKind.BRIDGE) {
                if (request != null && e.device() != null && p != null && request.equals(Signature.of(p))) {
                    String loc = e.location();
                    if (path.isEmpty() || !path.get(path.size() - 1).equals(loc)) {
                        path.add(loc);
                    }
                }
            } else if (kind == EventKind.DELIVER && pods.contains(e.namespace())) {
                if (served == null && request != null && p != null && request.equals(Signature.of(p))) {
                    served = e.namespace(); // the request itself: in the client too when it reached itself (hairpin)
                }
                if (anyServed == null && !e.namespace().equals(client)) {
                    anyServed = e.namespace();
                }
            }
        }
    }

    /** What identifies one packet across NAT, bridging and encapsulation. */
    record Signature(int ipId, int protocol, long tcpSeq, int tcpFlags, int icmpType) {
        static Signature of(Packet p) {
            int idx = p.headerCount() - 1;
            while (idx >= 0 && !(p.header(idx) instanceof Ipv4Header)) {
                idx--;
            }
            if (idx < 0) {
                return new Signature(-1, -1, -1, -1, -1);
            }
            Ipv4Header ip = (Ipv4Header) p.header(idx); // the innermost
            Header l4 = idx + 1 < p.headerCount() ? p.header(idx + 1) : null;
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
