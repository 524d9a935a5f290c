package io.podnet.sim.stack;

import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The index of routes that many namespaces hold alike ({@link SharedEntries}): per prefix length,
 * network address to entry index. Made once per build and shared by every {@link RoutingTable}
 * that attaches the entries as a layer. Only routes whose binding does not depend on the
 * namespace's other routes can be shared: unicast, with a device, a canonical destination, and no
 * gateway or an {@code onlink} one, each prefix once; {@link #of} returns null otherwise.
 */
final class SharedRoutes {
    final SharedEntries<RouteConfig> entries;
    @SuppressWarnings("unchecked")
    private final Map<Integer, Integer>[] byLength = new Map[33];
    final Set<String> devices = new LinkedHashSet<>();

    private SharedRoutes(SharedEntries<RouteConfig> entries) {
        this.entries = entries;
    }

    /** The index, or null when some entry cannot be shared (the caller installs them one by one). */
    static SharedRoutes of(SharedEntries<RouteConfig> entries) {
        SharedRoutes s = new SharedRoutes(entries);
        for (int i = 0; i < entries.size(); i++) {
            RouteConfig rc = entries.get(i);
            Ipv4Prefix p = rc.destination();
            boolean unicast = rc.type() == null || "unicast".equals(rc.type());
            if (!unicast || rc.device() == null || p == null || !p.canonical().equals(p)
                    || (rc.via() != null && !rc.onlink())) {
                return null;
            }
            Map<Integer, Integer> m = s.byLength[p.length()];
            if (m == null) {
                m = new HashMap<>();
                s.byLength[p.length()] = m;
            }
            if (m.put(p.address().bits(), i) != null) {
                return null;
            }
            s.devices.add(rc.device());
        }
        return s;
    }

    boolean hasLength(int length) {
        return byLength[length] != null;
    }

    /** The index of the entry for exactly this canonical prefix (length, network bits), or -1. */
    int find(int length, int network) {
        Map<Integer, Integer> m = byLength[length];
        if (m == null) {
            return -1;
        }
        Integer i = m.get(network);
        return i == null ? -1 : i;
    }
}
