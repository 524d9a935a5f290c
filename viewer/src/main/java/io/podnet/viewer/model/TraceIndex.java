package io.podnet.viewer.model;

import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Indexes a trace for playback: the events of each packet in order, the flows in order of first
 * appearance (which fixes their colours), and which packets are on screen at a given step.
 * Positions are event positions in the trace list (0-based).
 *
 * <p>Stepping: by default the viewer steps through the traffic's packets only ({@link #steps(boolean)}
 * with {@code false}): events of packets that belong to a flow (the scenario's traffic items) that
 * move, rewrite or decide about them (SEND, TX, RX, BRIDGE, ROUTE, netfilter rules with a terminal or
 * rewriting verdict, NAT, CONNTRACK, ENCAP, DECAP, FRAGMENT, ICMP errors, DELIVER) and every DROP.
 * ARP/neighbour resolution, chain jumps and returns, link serialisation and notes are left out; a
 * NAT event that only restates the rule just before it (the DNAT rule, then "DNAT: a -> b") is
 * folded into that rule's step, whose header stack then shows the rewritten packet
 * ({@link #headerEvent(int)}).
 */
public final class TraceIndex {
    /** A packet on screen at a step: its id, flow and the position of its latest event. */
    public record Visible(long packetId, String flow, int eventIndex) {}

    private final List<TraceEvent> events;
    private final Map<Long, int[]> byPacket = new LinkedHashMap<>();
    private final Map<String, Integer> flowIndex = new LinkedHashMap<>();
    private final int[] previousOfPacket;
    private final long[] packetIds;
    private final int[] nextOfPacket;
    private final int[] flowSteps;
    private final int[] allSteps;

    public TraceIndex(List<TraceEvent> events) {
        this.events = List.copyOf(events);
        Map<Long, List<Integer>> tmp = new LinkedHashMap<>();
        previousOfPacket = new int[this.events.size()];
        Map<Long, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < this.events.size(); i++) {
            TraceEvent e = this.events.get(i);
            previousOfPacket[i] = -1;
            if (e.flow() != null && !flowIndex.containsKey(e.flow())) {
                flowIndex.put(e.flow(), flowIndex.size());
            }
            if (e.packetId() < 0) {
                continue;
            }
            Integer prev = last.put(e.packetId(), i);
            previousOfPacket[i] = prev == null ? -1 : prev;
            tmp.computeIfAbsent(e.packetId(), k -> new ArrayList<>()).add(i);
        }
        nextOfPacket = new int[this.events.size()];
        Arrays.fill(nextOfPacket, -1);
        for (int i = 0; i < this.events.size(); i++) {
            if (previousOfPacket[i] >= 0) {
                nextOfPacket[previousOfPacket[i]] = i;
            }
        }
        allSteps = new int[this.events.size()];
        List<Integer> fs = new ArrayList<>();
        for (int i = 0; i < this.events.size(); i++) {
            allSteps[i] = i;
            if (isTrafficStep(this.events.get(i)) && !foldedIntoRule(i)) {
                fs.add(i);
            }
        }
        flowSteps = fs.stream().mapToInt(Integer::intValue).toArray();
        packetIds = new long[tmp.size()];
        int k = 0;
        for (Map.Entry<Long, List<Integer>> en : tmp.entrySet()) {
            byPacket.put(en.getKey(), en.getValue().stream().mapToInt(Integer::intValue).toArray());
            packetIds[k++] = en.getKey();
        }
    }

    /** Rule verdicts that only walk the chains (they neither rewrite nor decide the packet's fate). */
    private static final java.util.Set<String> WALKING = java.util.Set.of("JUMP", "GOTO", "RETURN", "MARK", "LOG");
    private static final java.util.Set<String> NAT_VERDICTS = java.util.Set.of("DNAT", "SNAT", "MASQUERADE", "REDIRECT");

    /**
     * Whether an event is a step of the traffic view: a packet of a flow moved, rewritten or decided
     * about, or any drop.
     */
    public static boolean isTrafficStep(TraceEvent e) {
        if (e.kind() == EventKind.DROP) {
            return true;
        }
        if (e.flow() == null || e.packetId() < 0) {
            return false;
        }
        switch (e.kind()) {
            case SEND:
            case TX:
            case RX:
            case BRIDGE:
            case ROUTE:
            case CONNTRACK:
            case ENCAP:
            case DECAP:
            case FRAGMENT:
            case ICMP_ERROR:
            case DELIVER:
                return true;
            case NETFILTER:
                return !(e.decision() instanceof Decision.RuleHit r) || !WALKING.contains(r.verdict());
            default:
                return false;
        }
    }

    /** A NAT event right after the rule that caused it (same packet): shown with that rule's step. */
    private boolean foldedIntoRule(int i) {
        return natRuleBefore(i) >= 0;
    }

    private int natRuleBefore(int i) {
        TraceEvent e = events.get(i);
        int p = previousOfPacket[i];
        if (!(e.decision() instanceof Decision.Nat) || p < 0) {
            return -1;
        }
        TraceEvent pe = events.get(p);
        if (pe.decision() instanceof Decision.RuleHit r && pe.kind() == EventKind.NETFILTER
                && NAT_VERDICTS.contains(r.verdict())) {
            return p;
        }
        return -1;
    }

    /**
     * The steps: event positions in order; with {@code all} every event, otherwise the traffic
     * view (see the class comment).
     */
    public int[] steps(boolean all) {
        return (all ? allSteps : flowSteps).clone();
    }

    /**
     * The event whose packet the header stack shows at step event {@code i}: the NAT event folded
     * into a NAT rule's step (so the rule's step shows the rewrite), otherwise {@code i}.
     */
    public int headerEvent(int i) {
        int n = nextOfPacket[i];
        return n >= 0 && natRuleBefore(n) == i ? n : i;
    }

    public int size() {
        return events.size();
    }

    public List<TraceEvent> events() {
        return events;
    }

    public TraceEvent event(int i) {
        return events.get(i);
    }

    /** Flows in order of first appearance. */
    public List<String> flows() {
        return List.copyOf(flowIndex.keySet());
    }

    /** The flow's position in {@link #flows()}, or -1 (no flow). */
    public int flowIndex(String flow) {
        Integer i = flow == null ? null : flowIndex.get(flow);
        return i == null ? -1 : i;
    }

    /** Event positions of one packet, in order (empty when unknown). */
    public int[] eventsOfPacket(long packetId) {
        int[] a = byPacket.get(packetId);
        return a == null ? new int[0] : a.clone();
    }

    /** The previous event of the same packet before position {@code i}, or -1. */
    public int previousOfPacket(int i) {
        return previousOfPacket[i];
    }

    /**
     * What the packet at step {@code i} is compared with to find what the hop changed: the packet
     * before the step when the event recorded one with a change, otherwise the packet's previous
     * event at the same layer (a frame is compared with the last frame, so an L3-only netfilter
     * view in between does not make the Ethernet header look new), else its previous event.
     */
    public Packet baseline(int i) {
        TraceEvent e = events.get(i);
        if (e.after() != null && e.before() != null) {
            return e.before();
        }
        Packet cur = e.packet();
        int p = previousOfPacket[i];
        if (cur == null || p < 0) {
            return p < 0 ? null : events.get(p).packet();
        }
        Class<?> first = cur.headers().get(0).getClass();
        for (int k = p; k >= 0; k = previousOfPacket[k]) {
            Packet q = events.get(k).packet();
            if (q != null && q.headers().get(0).getClass() == first) {
                return q;
            }
        }
        return events.get(p).packet();
    }

    public int packetCount() {
        return packetIds.length;
    }

    /**
     * The packets on screen at step {@code i}: every packet between its first and its last event
     * (it stays visible at the step that delivers, drops or consumes it, then disappears; a packet
     * waiting, e.g. for ARP, stays where it waits).
     */
    public List<Visible> visibleAt(int i) {
        List<Visible> out = new ArrayList<>();
        if (i < 0) {
            return out;
        }
        for (long id : packetIds) {
            int[] ev = byPacket.get(id);
            if (ev[0] > i) {
                continue;
            }
            int pos = Arrays.binarySearch(ev, i);
            int latest = pos >= 0 ? ev[pos] : ev[-pos - 2];
            boolean finished = ev[ev.length - 1] < i;
            if (!finished) {
                out.add(new Visible(id, events.get(latest).flow(), latest));
            }
        }
        return out;
    }
}
