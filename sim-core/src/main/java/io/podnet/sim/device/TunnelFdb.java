package io.podnet.sim.device;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarding database of an L2 tunnel device: inner destination MAC to remote tunnel endpoint
 * ({@code bridge fdb append MAC dev DEV dst IP}), with the all-zeros MAC as the default entry.
 * Listed in insertion order.
 */
final class TunnelFdb {
    private final String device;
    private final Map<Long, Ipv4Address> entries = new HashMap<>();
    private final List<MacAddress> order = new ArrayList<>();

    TunnelFdb(String device) {
        this.device = device;
    }

    void add(MacAddress mac, Ipv4Address dst) {
        if (entries.put(mac.bits(), dst) == null) {
            order.add(mac);
        }
    }

    void remove(MacAddress mac) {
        if (entries.remove(mac.bits()) != null) {
            order.remove(mac);
        }
    }

    /** The remote endpoint for {@code mac}, falling back to the default (00:00:00:00:00:00) entry, or null. */
    Ipv4Address lookup(MacAddress mac) {
        Ipv4Address a = entries.get(mac.bits());
        return a != null ? a : entries.get(0L);
    }

    /** The MAC of the entry {@link #lookup} used: {@code mac} itself or the default entry's zero MAC. */
    MacAddress matched(MacAddress mac) {
        return entries.containsKey(mac.bits()) ? mac : MacAddress.ZERO;
    }

    String line(MacAddress m, Ipv4Address dst) {
        return m + " dev " + device + " dst " + dst + " self permanent";
    }

    List<String> text() {
        List<String> out = new ArrayList<>();
        for (MacAddress m : order) {
            out.add(line(m, entries.get(m.bits())));
        }
        return Collections.unmodifiableList(out);
    }
}
