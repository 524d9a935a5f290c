package io.podnet.sim.stack;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A routing table with longest-prefix match: one hash map per prefix length (keyed by the network
 * address), and a sorted array of the lengths in use, so a lookup costs at most one hash probe per
 * populated length whatever the table size (a 5,000-node host-gw or BGP cluster has 5,000 routes).
 * One route per prefix, as {@code ip route add} refuses a second one ("File exists").
 */
public final class RoutingTable {
    @SuppressWarnings("unchecked")
    private final Map<Integer, Route>[] byLength = new Map[33];
    private int[] lengths = new int[0];
    private int size;

    /** Adds a route; throws when one for the same prefix exists. */
    public void add(Route r) {
        Ipv4Prefix p = r.destination().canonical();
        Map<Integer, Route> m = byLength[p.length()];
        if (m != null && m.containsKey(p.address().bits())) {
            throw new IllegalArgumentException("ip route add " + r.text() + ": RTNETLINK answers: File exists (already "
                    + m.get(p.address().bits()).text() + ")");
        }
        put(p, r);
    }

    /** Adds or replaces the route for the prefix ({@code ip route replace}). */
    public void replace(Route r) {
        put(r.destination().canonical(), r);
    }

    private void put(Ipv4Prefix p, Route r) {
        Map<Integer, Route> m = byLength[p.length()];
        if (m == null) {
            m = new HashMap<>();
            byLength[p.length()] = m;
            rebuildLengths();
        }
        if (m.put(p.address().bits(), r) == null) {
            size++;
        }
    }

    /** Removes the route for exactly this prefix; returns it or null. */
    public Route remove(Ipv4Prefix prefix) {
        Ipv4Prefix p = prefix.canonical();
        Map<Integer, Route> m = byLength[p.length()];
        if (m == null) {
            return null;
        }
        Route r = m.remove(p.address().bits());
        if (r != null) {
            size--;
            if (m.isEmpty()) {
                byLength[p.length()] = null;
                rebuildLengths();
            }
        }
        return r;
    }

    /** The route for exactly this prefix, or null. */
    public Route get(Ipv4Prefix prefix) {
        Ipv4Prefix p = prefix.canonical();
        Map<Integer, Route> m = byLength[p.length()];
        return m == null ? null : m.get(p.address().bits());
    }

    private void rebuildLengths() {
        int n = 0;
        for (int l = 32; l >= 0; l--) {
            if (byLength[l] != null) {
                n++;
            }
        }
        int[] out = new int[n];
        int i = 0;
        for (int l = 32; l >= 0; l--) {
            if (byLength[l] != null) {
                out[i++] = l;
            }
        }
        lengths = out;
    }

    /** Longest-prefix match, or null when no route covers {@code dst}. */
    public Route lookup(Ipv4Address dst) {
        int bits = dst.bits();
        int[] ls = lengths;
        for (int i = 0; i < ls.length; i++) {
            int l = ls[i];
            int key = l == 0 ? 0 : bits & (-1 << (32 - l));
            Route r = byLength[l].get(key);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    public int size() {
        return size;
    }

    /** Routes in the order {@code ip route show} prints them: by network address, then prefix length. */
    public List<Route> routes() {
        List<Route> out = new ArrayList<>(size);
        for (Map<Integer, Route> m : byLength) {
            if (m != null) {
                out.addAll(m.values());
            }
        }
        out.sort(Comparator.<Route, Ipv4Address>comparing(r -> r.destination().network())
                .thenComparingInt(r -> r.destination().length()));
        return out;
    }

    /** The table as {@code ip route show} prints it, one route per line. */
    public List<String> show() {
        List<String> out = new ArrayList<>(size);
        for (Route r : routes()) {
            out.add(r.text());
        }
        return out;
    }
}
