package io.podnet.viewer.model;

import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
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
    private final Map<String, Integer> flowIndex = new LinkedHashMap<>();
    private final List<String> flowNames = new ArrayList<>();
    /** Per event: the previous and next event of the same packet (-1: none), its flow's index (-1: none). */
    private final int[] previousOfPacket;
    private final int[] nextOfPacket;
    private final short[] flowOfEvent;
    /** Events whose decision is a NAT, and NETFILTER rule hits with a NAT verdict (for folding). */
    private final BitSet nat = new BitSet();
    private final BitSet natRule = new BitSet();
    /** Per packet, in order of first appearance: its id, first and last event and number of events. */
    private final Map<Long, Integer> packetIndex = new HashMap<>();
    private long[] packetIds = new long[16];
    private int[] firstOfPacket = new int[16];
    private int[] lastOfPacket = new int[16];
    private int[] countOfPacket = new int[16];
    private int packets;
    private final int[] flowSteps;

    /**
     * Indexes {@code events} in one pass (a file-backed trace is read front to back once). The
     * index keeps a few numbers per event and per packet, never the events; {@link #event} reads
     * them from {@code events}, which it keeps (not a copy).
     */
    public TraceIndex(List<TraceEvent> events) {
        this.events = events instanceof io.podnet.sim.trace.file.TraceFileList ? events : List.copyOf(events);
        int n = this.events.size();
        previousOfPacket = new int[n];
        nextOfPacket = new int[n];
        flowOfEvent = new short[n];
        Arrays.fill(previousOfPacket, -1);
        Arrays.fill(nextOfPacket, -1);
        IntList fs = new IntList();
        Traces.scan(this.events, (i, e) -> {
            int flow = -1;
            if (e.flow() != null) {
                Integer f = flowIndex.get(e.flow());
                if (f == null) {
                    f = flowIndex.size();
                    flowIndex.put(e.flow(), f);
                    flowNames.add(e.flow());
                }
                flow = f;
            }
            flowOfEvent[i] = flow > Short.MAX_VALUE ? Short.MAX_VALUE : (short) flow;
            if (e.decision() instanceof Decision.Nat) {
                nat.set(i);
            }
            if (e.kind() == EventKind.NETFILTER && e.decision() instanceof Decision.RuleHit r
                    && NAT_VERDICTS.contains(r.verdict())) {
                natRule.set(i);
            }
            if (e.packetId() >= 0) {
                Integer k = packetIndex.get(e.packetId());
                if (k == null) {
                    k = addPacket(e.packetId(), i);
                } else {
                    int prev = lastOfPacket[k];
                    previousOfPacket[i] = prev;
                    nextOfPacket[prev] = i;
                }
                lastOfPacket[k] = i;
                countOfPacket[k]++;
            }
            if (isTrafficStep(e) && !foldedIntoRule(i)) {
                fs.add(i);
            }
        });
        flowSteps = fs.toArray();
    }

    /** A growable array of ints. */
    private static final class IntList {
        private int[] a = new int[64];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private int addPacket(long id, int first) {
        int k = packets++;
        if (k == packetIds.length) {
            int m = k * 2;
            packetIds = Arrays.copyOf(packetIds, m);
            firstOfPacket = Arrays.copyOf(firstOfPacket, m);
            lastOfPacket = Arrays.copyOf(lastOfPacket, m);
            countOfPacket = Arrays.copyOf(countOfPacket, m);
        }
        packetIds[k] = id;
        firstOfPacket[k] = first;
        packetIndex.put(id, k);
        return k;
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
        int p = previousOfPacket[i];
        return nat.get(i) && p >= 0 && natRule.get(p) ? p : -1;
    }

    /**
     * The steps: event positions in order; with {@code all} every event, otherwise the traffic
     * view (see the class comment).
     */
    public int[] steps(boolean all) {
        if (all) {
            int[] every = new int[events.size()];
            for (int i = 0; i < every.length; i++) {
                every[i] = i;
            }
            return every;
        }
        return flowSteps.clone();
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
        return List.copyOf(flowNames);
    }

    /** The flow's position in {@link #flows()}, or -1 (no flow). */
    public int flowIndex(String flow) {
        Integer i = flow == null ? null : flowIndex.get(flow);
        return i == null ? -1 : i;
    }

    /** Event positions of one packet, in order (empty when unknown). */
    public int[] eventsOfPacket(long packetId) {
        Integer k = packetIndex.get(packetId);
        if (k == null) {
            return new int[0];
        }
        int[] a = new int[countOfPacket[k]];
        int e = firstOfPacket[k];
        for (int j = 0; j < a.length; j++, e = nextOfPacket[e]) {
            a[j] = e;
        }
        return a;
    }

    /** The next event of the same packet after position {@code i}, or -1. */
    public int nextOfPacket(int i) {
        return nextOfPacket[i];
    }

    /** The flow of event {@code i} without reading it (null: none). */
    public String flowOf(int i) {
        int f = flowOfEvent[i];
        return f < 0 ? null : f < Short.MAX_VALUE ? flowNames.get(f) : events.get(i).flow();
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
        return packets;
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
        for (int k = 0; k < packets; k++) {
            if (firstOfPacket[k] > i || lastOfPacket[k] < i) {
                continue;
            }
            int latest = firstOfPacket[k];
            while (nextOfPacket[latest] >= 0 && nextOfPacket[latest] <= i) {
                latest = nextOfPacket[latest];
            }
            out.add(new Visible(packetIds[k], flowOf(latest), latest));
        }
        return out;
    }
}
