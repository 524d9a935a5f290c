package io.podnet.viewer.model;

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
 * Steps are event positions in the trace list (0-based).
 */
public final class TraceIndex {
    /** A packet on screen at a step: its id, flow and the position of its latest event. */
    public record Visible(long packetId, String flow, int eventIndex) {}

    private final List<TraceEvent> events;
    private final Map<Long, int[]> byPacket = new LinkedHashMap<>();
    private final Map<String, Integer> flowIndex = new LinkedHashMap<>();
    private final int[] previousOfPacket;
    private final long[] packetIds;

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
        packetIds = new long[tmp.size()];
        int k = 0;
        for (Map.Entry<Long, List<Integer>> en : tmp.entrySet()) {
            byPacket.put(en.getKey(), en.getValue().stream().mapToInt(Integer::intValue).toArray());
            packetIds[k++] = en.getKey();
        }
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
