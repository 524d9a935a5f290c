package io.podnet.sim.stack;

import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The index of routes that many namespaces hold alike ({@link SharedEntries}): per prefix length,
 * network address to entry index. Made once per build and shared by every {@link RoutingTable}
 * that attaches the entries as a layer. Only unicast routes with a device and a canonical
 * destination can be shared, each prefix once; {@link #of} returns null otherwise. A gateway that is
 * not {@code onlink} (Flannel host-gw's {@code R_SUBNET via R_NODE_IP dev eth0}) is valid only where
 * it lies on a subnet of the device, which depends on the namespace: the index keeps, per device,
 * the lowest and highest such gateway ({@link #gateways}), so a namespace can be checked once for all
 * of them (a subnet holding both holds every one in between; {@link #gatewaysOnLink}).
 */
final class SharedRoutes {
    final SharedEntries<RouteConfig> entries;
    @SuppressWarnings("unchecked")
    private final Map<Integer, Integer>[] byLength = new Map[33];
    final Set<String> devices = new LinkedHashSet<>();
    /** Per device, the lowest and highest gateway (unsigned) of its routes that are not {@code onlink}. */
    final Map<String, long[]> gateways = new LinkedHashMap<>();

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
            if (!unicast || rc.device() == null || p == null || !p.canonical().equals(p)) {
                return null;
            }
            if (rc.via() != null && !rc.onlink()) {
                long gw = Integer.toUnsignedLong(rc.via().bits());
                long[] range = s.gateways.computeIfAbsent(rc.device(), d -> new long[] {gw, gw});
                range[0] = Math.min(range[0], gw);
                range[1] = Math.max(range[1], gw);
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

    /**
     * Whether every gateway that is not {@code onlink} lies on a subnet of its device in {@code ns},
     * as {@code ip route add} requires of each ("Nexthop has invalid gateway" otherwise): one
     * address of the device (shorter than /32) holds the device's lowest and highest gateway. When
     * false the namespace may still accept the routes (a gateway on a connected route of the
     * device, or gateways on two subnets); the caller then installs them one by one.
     */
    boolean gatewaysOnLink(NetNamespace ns) {
        for (Map.Entry<String, long[]> e : gateways.entrySet()) {
            NetDevice dev = ns.device(e.getKey());
            if (dev == null) {
                return false;
            }
            Ipv4Address lo = new Ipv4Address((int) e.getValue()[0]);
            Ipv4Address hi = new Ipv4Address((int) e.getValue()[1]);
            boolean held = false;
            for (Ipv4Prefix a : dev.addresses()) {
                if (a.length() < 32 && a.contains(lo) && a.contains(hi)) {
                    held = true;
                    break;
                }
            }
            if (!held) {
                return false;
            }
        }
        return true;
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
