package io.podnet.dataplane.compare;

import io.podnet.dataplane.capture.CapturedFrame;
import io.podnet.dataplane.capture.Conntrack;
import io.podnet.dataplane.traffic.Attempt;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the kernel did for one traffic item: client results, captures and conntrack, in {@link FlowFacts} form. */
public final class KernelFacts {
    private KernelFacts() {}

    /**
     * @param preferredEndpoint the simulator's path endpoint: the path is taken from the first kernel
     *                          attempt served by it, so both paths end at the same pod when possible
     * @param simOrder          the simulator's path locations, used to order hops captured at the same instant
     */
    public static FlowFacts from(TrafficItem item, List<Attempt> attempts, Map<String, List<CapturedFrame>> captures,
                                 List<Conntrack.Entry> conntrack, Addresses addresses, String preferredEndpoint,
                                 List<String> simOrder) {
        String transport = item.transport();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> served = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        Attempt chosen = null;
        for (Attempt a : attempts) {
            outcomes.merge(a.outcome(), 1, Integer::sum);
            String ep = addresses.name(a.server());
            if (ep != null && "delivered".equals(a.outcome())) {
                served.merge(ep, 1, Integer::sum);
                if (chosen == null && ep.equals(preferredEndpoint)) {
                    chosen = a;
                }
            }
        }
        if (chosen == null && !attempts.isEmpty()) {
            chosen = attempts.get(0);
        }
        String first = attempts.isEmpty() ? "not-run" : attempts.get(0).outcome();
        Map<String, Set<String>> byTarget = new TreeMap<>();
        if (!transport.equals("icmp")) {
            for (Attempt a : attempts) {
                if (a.localPort() <= 0 || "not-run".equals(a.outcome())) {
                    continue;
                }
                for (Conntrack.Entry c : conntrack) {
                    if (c.protocol().equals(transport) && c.origSport() == a.localPort() && c.dnat() != null) {
                        FlowFacts.addTarget(byTarget, FlowFacts.dnatTarget(c.dnat()), a.outcome());
                        break;
                    }
                }
            }
        }
        Set<String> mtu = new TreeSet<>();
        for (Attempt a : attempts) {
            if (a.detail() != null && a.detail().startsWith("local error")) {
                mtu.add("mtu-drop");
            }
        }
        for (List<CapturedFrame> frames : captures.values()) {
            for (CapturedFrame f : frames) {
                Packet p = f.packet();
                if (p == null) {
                    continue;
                }
                for (var h : p.headers()) {
                    if (h instanceof Ipv4Header ip && ip.isFragment()) {
                        mtu.add("fragmented");
                    }
                }
                IcmpHeader c = p.last(IcmpHeader.class);
                if (c != null && c.type() == IcmpHeader.DEST_UNREACHABLE && c.code() == IcmpHeader.CODE_FRAG_NEEDED) {
                    mtu.add("frag-needed mtu " + c.nextHopMtu());
                }
            }
        }
        if (chosen == null) {
            return new FlowFacts(first, outcomes, served, null, List.of(), Set.of(), mtu, notes, byTarget);
        }
        int key = transport.equals("icmp") ? chosen.index() + 1 : chosen.localPort();
        record Seen(Hop hop, long time, int order) {}
        List<Seen> seen = new ArrayList<>();
        int undecodable = 0;
        for (Map.Entry<String, List<CapturedFrame>> e : captures.entrySet()) {
            for (CapturedFrame f : e.getValue()) {
                if (f.packet() == null) {
                    undecodable++;
                    continue;
                }
                boolean mine = Hop.initial(f.packet(), transport, transport.equals("icmp") ? -1 : key)
                        && (!transport.equals("icmp") || Hop.attemptKey(f.packet(), transport) == key);
                if (mine) {
                    int order = simOrder.indexOf(e.getKey());
                    seen.add(new Seen(Hop.of(e.getKey(), f.packet(), f.length(), f.raw()), f.timeNanos(),
                            order < 0 ? Integer.MAX_VALUE : order));
                    break;
                }
            }
        }
        if (undecodable > 0) {
            notes.add(undecodable + " captured frame(s) could not be decoded");
        }
        seen.sort(Comparator.comparingLong(Seen::time).thenComparingInt(Seen::order)
                .thenComparing(s -> s.hop().location()));
        List<Hop> path = seen.stream().map(Seen::hop).toList();
        Set<String> nat = new TreeSet<>();
        String client = addresses.addressOf(item.source());
        for (Conntrack.Entry c : conntrack) {
            if (!c.protocol().equals(transport)) {
                continue;
            }
            boolean match = transport.equals("icmp") ? c.origSrc().equals(client) : c.origSport() == key;
            if (!match) {
                continue;
            }
            if (c.dnat() != null) {
                nat.add(c.dnat());
            }
            if (c.snat() != null) {
                nat.add(c.snat());
            }
        }
        String endpoint = addresses.name(chosen.server());
        return new FlowFacts(first, outcomes, served, endpoint, path, nat, mtu, notes, byTarget);
    }
}
