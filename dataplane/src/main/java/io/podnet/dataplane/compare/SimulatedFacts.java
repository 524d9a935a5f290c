package io.podnet.dataplane.compare;

import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the simulator's predictions for one traffic item out of its trace. Attempts are told apart
 * by the first packet the client sent (a SYN's source port, a UDP source port, an echo sequence
 * number), so the extraction does not depend on how the simulator numbers packets.
 */
public final class SimulatedFacts {
    /** The note when the trace holds nothing for the item (then only outcomes can be compared). */
    public static final String NO_EVENTS = "the simulated trace has no events for this flow";

    private SimulatedFacts() {}

    /** True when the event belongs to the item: its flow is the item's name or {@code name#N} / {@code name/N}. */
    static boolean ofFlow(TraceEvent e, String name) {
        String f = e.flow();
        return f != null && (f.equals(name) || f.startsWith(name + "#") || f.startsWith(name + "/"));
    }

    /**
     * @param outcomeOverride the runner's outcome per attempt when it reports one (may be null)
     */
    public static FlowFacts from(List<TraceEvent> trace, TrafficItem item, List<String> outcomeOverride) {
        return from(trace, item, outcomeOverride, null);
    }

    /**
     * @param servedOverride the runner's serving namespace per attempt (null entries when none), or null
     */
    public static FlowFacts from(List<TraceEvent> trace, TrafficItem item, List<String> outcomeOverride,
                                 List<String> servedOverride) {
        String transport = item.transport();
        List<TraceEvent> ev = new ArrayList<>();
        for (TraceEvent e : trace) {
            if (ofFlow(e, item.name())) {
                ev.add(e);
            }
        }
        Map<Integer, Integer> keys = new LinkedHashMap<>();
        for (TraceEvent e : ev) {
            Packet p = e.packet();
            if (item.source().equals(e.namespace()) && Hop.initial(p, transport, -1)) {
                keys.putIfAbsent(Hop.attemptKey(p, transport), keys.size());
            }
        }
        List<String> notes = new ArrayList<>();
        if (ev.isEmpty()) {
            notes.add(NO_EVENTS);
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> served = new TreeMap<>();
        List<String> perAttempt = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (int key : keys.keySet()) {
            String endpoint = null;
            String outcome = null;
            String target = null;
            for (TraceEvent e : ev) {
                Packet p = e.packet();
                boolean mine = p != null && Hop.initial(p, transport, transport.equals("icmp") ? -1 : key)
                        && (!transport.equals("icmp") || Hop.attemptKey(p, transport) == key);
                if (!mine) {
                    continue;
                }
                if (target == null && e.decision() instanceof Decision.Nat n && !n.reply()) {
                    target = FlowFacts.dnatTarget(natText(n));
                }
                if (e.kind() == EventKind.DELIVER && !item.source().equals(e.namespace()) && endpoint == null) {
                    endpoint = e.namespace();
                }
                if (e.kind() == EventKind.DROP && outcome == null) {
                    DropReason r = e.decision() instanceof Decision.Drop d ? d.reason() : null;
                    outcome = r == DropReason.NO_SOCKET || r == DropReason.NETFILTER_REJECT ? "refused" : "dropped";
                }
            }
            if (outcome == null) {
                outcome = endpoint != null ? "delivered" : "timeout";
            }
            perAttempt.add(outcome);
            endpoints.add(endpoint);
            targets.add(target);
        }
        if (outcomeOverride != null && !outcomeOverride.isEmpty()) {
            perAttempt = new ArrayList<>(outcomeOverride);
        }
        if (servedOverride != null && !servedOverride.isEmpty()) {
            String pathEndpoint = endpoints.isEmpty() ? null : endpoints.get(0);
            endpoints = new ArrayList<>(servedOverride);
            if (pathEndpoint != null) {
                endpoints.set(0, pathEndpoint); // the path's own end, as the trace shows it
            }
        }
        Map<String, Set<String>> byTarget = new TreeMap<>();
        for (int i = 0; i < perAttempt.size(); i++) {
            outcomes.merge(perAttempt.get(i), 1, Integer::sum);
            FlowFacts.addTarget(byTarget, i < targets.size() ? targets.get(i) : null, perAttempt.get(i));
            String ep = i < endpoints.size() ? endpoints.get(i) : null;
            if (ep != null && "delivered".equals(perAttempt.get(i))) {
                served.merge(ep, 1, Integer::sum);
            }
        }
        String first = perAttempt.isEmpty() ? "timeout" : perAttempt.get(0);
        if (keys.isEmpty()) {
            return new FlowFacts(first, outcomes, served, null, List.of(), Set.of(), mtu(ev, item.source()), notes,
                    byTarget);
        }
        int key = keys.keySet().iterator().next();
        String endpoint = endpoints.get(0);
        List<Hop> path = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> nat = new TreeSet<>();
        for (TraceEvent e : ev) {
            Packet p = e.packet();
            boolean mine = p != null && Hop.initial(p, transport, transport.equals("icmp") ? -1 : key)
                    && (!transport.equals("icmp") || Hop.attemptKey(p, transport) == key);
            if (!mine) {
                continue;
            }
            if ((e.kind() == EventKind.TX || e.kind() == EventKind.RX) && e.device() != null && seen.add(e.location())) {
                path.add(Hop.of(e.location(), p, p.length()));
            }
            if (e.decision() instanceof Decision.Nat n && !n.reply()) {
                nat.add(natText(n));
            }
        }
        // A source NAT that also rewrites the port (MASQUERADE --random-fully) leaves a packet whose
        // port is no longer the attempt's: the decision is matched by the packet before it.
        for (TraceEvent e : ev) {
            if (e.decision() instanceof Decision.Nat n && !n.reply() && e.before() != null
                    && Hop.initial(e.before(), transport, transport.equals("icmp") ? -1 : key)
                    && (!transport.equals("icmp") || Hop.attemptKey(e.before(), transport) == key)) {
                nat.add(natText(n));
            }
        }
        return new FlowFacts(first, outcomes, served, endpoint, path, nat, mtu(ev, item.source()), notes, byTarget);
    }

    /** A simulated NAT decision in the kernel's wording: {@code DNAT a:p -> b:q}, {@code SNAT a -> b}. */
    static String natText(Decision.Nat n) {
        String kind = n.kind().toUpperCase(java.util.Locale.ROOT);
        if (kind.contains("MASQ") || kind.contains("SNAT")) {
            return "SNAT " + stripPort(n.from()) + " -> " + stripPort(n.to());
        }
        return "DNAT " + n.from() + " -> " + n.to();
    }

    private static String stripPort(String s) {
        int c = s == null ? -1 : s.indexOf(':');
        return c > 0 ? s.substring(0, c) : s;
    }

    /**
     * MTU facts as the kernel can observe them: fragments, ICMP "fragmentation needed" with its MTU,
     * and "mtu-drop" only for a drop in the client's own namespace (the kernel's local "message too
     * long"); a router's drop shows only as its ICMP error.
     */
    static Set<String> mtu(List<TraceEvent> ev, String source) {
        Set<String> out = new TreeSet<>();
        for (TraceEvent e : ev) {
            if (e.kind() == EventKind.FRAGMENT) {
                out.add("fragmented");
            } else if (e.kind() == EventKind.ICMP_ERROR && e.packet() != null) {
                IcmpHeader c = e.packet().first(IcmpHeader.class);
                if (c != null && c.type() == IcmpHeader.DEST_UNREACHABLE && c.code() == IcmpHeader.CODE_FRAG_NEEDED) {
                    out.add("frag-needed mtu " + c.nextHopMtu());
                }
            } else if (e.kind() == EventKind.DROP && e.decision() instanceof Decision.Drop d
                    && d.reason() == DropReason.MTU_EXCEEDED && source.equals(e.namespace())) {
                out.add("mtu-drop");
            } else if ((e.kind() == EventKind.TX || e.kind() == EventKind.RX) && e.packet() != null) {
                Ipv4Header ip = e.packet().first(Ipv4Header.class);
                if (ip != null && ip.isFragment()) {
                    out.add("fragmented");
                }
            }
        }
        return out;
    }
}
