package io.podnet.sim.stack;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A routing table with longest-prefix match: one hash map per prefix length (keyed by the network
 * address), and a sorted array of the lengths in use, so a lookup costs at most one hash probe per
 * populated length whatever the table size (a 5,000-node host-gw or BGP cluster has 5,000 routes).
 * One route per prefix, as {@code ip route add} refuses a second one ("File exists").
 *
 * <p>Routes many namespaces hold alike can be attached as one shared, immutable layer
 * ({@link #attachShared}): the namespace's own routes are an overlay on it, and every operation
 * (lookup, get, add, replace, remove, listing) answers as if the shared routes had been added one
 * by one; a shared route is bound to this namespace's device only when first used.
 */
public final class RoutingTable {
    @SuppressWarnings("unchecked")
    private final Map<Integer, Route>[] byLength = new Map[33];
    private int[] lengths = new int[0];
    private int size;
    // The shared layer: entries part.holds(i) and not hidden (replaced or removed here) are in the table.
    private SharedRoutes shared;
    private EntryList.Shared<RouteConfig> sharedPart;
    private Function<RouteConfig, Route> binder;
    private BitSet hidden;
    private Map<Integer, Route> bound;
    private int sharedSize;

    /**
     * Makes the routes of {@code part} part of this table without copying them, bound by
     * {@code binder} when first used. Refused (false, nothing changes) when a layer is attached
     * already or a route here has the prefix of one of them.
     */
    boolean attachShared(SharedRoutes index, EntryList.Shared<RouteConfig> part, Function<RouteConfig, Route> binder) {
        if (shared != null || index.entries != part.entries()) {
            return false;
        }
        for (Map<Integer, Route> m : byLength) {
            if (m != null) {
                for (Route r : m.values()) {
                    Ipv4Prefix p = r.destination().canonical();
                    int i = index.find(p.length(), p.address().bits());
                    if (i >= 0 && part.holds(i)) {
                        return false;
                    }
                }
            }
        }
        shared = index;
        sharedPart = part;
        this.binder = binder;
        hidden = new BitSet();
        bound = new HashMap<>();
        sharedSize = part.size();
        rebuildLengths();
        return true;
    }

    /** The index of the visible shared route for this canonical prefix, or -1. */
    private int sharedAt(int length, int network) {
        if (shared == null) {
            return -1;
        }
        int i = shared.find(length, network);
        return i >= 0 && sharedPart.holds(i) && !hidden.get(i) ? i : -1;
    }

    private Route boundAt(int i) {
        Route r = bound.get(i);
        if (r == null) {
            r = binder.apply(shared.entries.get(i));
            bound.put(i, r);
        }
        return r;
    }

    private void hide(int i) {
        hidden.set(i);
        bound.remove(i);
        sharedSize--;
    }

    /** Adds a route; throws when one for the same prefix exists. */
    public void add(Route r) {
        Ipv4Prefix p = r.destination().canonical();
        Map<Integer, Route> m = byLength[p.length()];
        if (m != null && m.containsKey(p.address().bits())) {
            throw new IllegalArgumentException("ip route add " + r.text() + ": RTNETLINK answers: File exists (already "
                    + m.get(p.address().bits()).text() + ")");
        }
        int i = sharedAt(p.length(), p.address().bits());
        if (i >= 0) {
            throw new IllegalArgumentException("ip route add " + r.text() + ": RTNETLINK answers: File exists (already "
                    + boundAt(i).text() + ")");
        }
        put(p, r);
    }

    /** Adds or replaces the route for the prefix ({@code ip route replace}). */
    public void replace(Route r) {
        Ipv4Prefix p = r.destination().canonical();
        int i = sharedAt(p.length(), p.address().bits());
        if (i >= 0) {
            hide(i);
        }
        put(p, r);
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
            int i = sharedAt(p.length(), p.address().bits());
            if (i >= 0) {
                Route r = boundAt(i);
                hide(i);
                return r;
            }
            return null;
        }
        Route r = m.remove(p.address().bits());
        if (r == null) {
            int i = sharedAt(p.length(), p.address().bits());
            if (i >= 0) {
                r = boundAt(i);
                hide(i);
                return r;
            }
        }
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
        Route r = m == null ? null : m.get(p.address().bits());
        if (r == null) {
            int i = sharedAt(p.length(), p.address().bits());
            return i < 0 ? null : boundAt(i);
        }
        return r;
    }

    private void rebuildLengths() {
        int n = 0;
        for (int l = 32; l >= 0; l--) {
            if (byLength[l] != null || (shared != null && shared.hasLength(l))) {
                n++;
            }
        }
        int[] out = new int[n];
        int i = 0;
        for (int l = 32; l >= 0; l--) {
            if (byLength[l] != null || (shared != null && shared.hasLength(l))) {
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
            Map<Integer, Route> m = byLength[l];
            Route r = m == null ? null : m.get(key);
            if (r != null) {
                return r;
            }
            if (shared != null) {
                int s = sharedAt(l, key);
                if (s >= 0) {
                    return boundAt(s);
                }
            }
        }
        return null;
    }

    public int size() {
        return size + sharedSize;
    }

    /** How many of the routes are those of a shared layer ({@link #attachShared}), not copies. */
    public int sharedSize() {
        return sharedSize;
    }

    /** Routes in the order {@code ip route show} prints them: by network address, then prefix length. */
    public List<Route> routes() {
        List<Route> out = new ArrayList<>(size());
        for (Map<Integer, Route> m : byLength) {
            if (m != null) {
                out.addAll(m.values());
            }
        }
        if (shared != null) {
            for (int i = sharedPart.from(); i < sharedPart.to(); i++) {
                if (sharedPart.holds(i) && !hidden.get(i)) {
                    Route r = bound.get(i);
                    out.add(r != null ? r : binder.apply(shared.entries.get(i)));
                }
            }
        }
        out.sort(Comparator.<Route, Ipv4Address>comparing(r -> r.destination().network())
                .thenComparingInt(r -> r.destination().length()));
        return out;
    }

    /** The table as {@code ip route show} prints it, one route per line. */
    public List<String> show() {
        List<String> out = new ArrayList<>(size());
        for (Route r : routes()) {
            out.add(r.text());
        }
        return out;
    }
}
