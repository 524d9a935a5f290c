package io.podnet.sim.device;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarding database of an L2 tunnel device: inner destination MAC to remote tunnel endpoint
 * ({@code bridge fdb append MAC dev DEV dst IP}), with the all-zeros MAC as the default entry.
 * Listed in insertion order.
 *
 * <p>Entries many devices hold alike can be attached as one shared, immutable layer
 * ({@link #attachShared}), listed where they were attached; the device's own entries are an
 * overlay (an own entry for a shared MAC replaces its destination in place, as {@code append} of
 * an existing MAC does), so lookups and the listing are those of adding the entries one by one.
 */
final class TunnelFdb {
    private final String device;
    private final Map<Long, Ipv4Address> entries = new HashMap<>();
    private final List<MacAddress> order = new ArrayList<>();
    private SharedFdb shared;
    private EntryList.Shared<FdbConfig> sharedPart;
    private BitSet removed;
    private int sharedAt; // position of the shared block in `order`

    TunnelFdb(String device) {
        this.device = device;
    }

    /**
     * Attaches the entries of {@code part} after the entries added so far. Refused (false, nothing
     * changes) when a layer is attached already or an entry here has the MAC of one of them.
     */
    boolean attachShared(SharedFdb index, EntryList.Shared<FdbConfig> part) {
        if (shared != null || index.entries != part.entries() || !index.device().equals(device)) {
            return false;
        }
        for (long mac : entries.keySet()) {
            int i = index.find(mac);
            if (i >= 0 && part.holds(i)) {
                return false;
            }
        }
        shared = index;
        sharedPart = part;
        removed = new BitSet();
        sharedAt = order.size();
        return true;
    }

    /** How many entries are those of the shared layer. */
    int sharedSize() {
        return shared == null ? 0 : sharedPart.size() - removed.cardinality();
    }

    /** The index of the shared entry for {@code mac} that is in this table, or -1. */
    private int sharedIndex(long mac) {
        if (shared == null) {
            return -1;
        }
        int i = shared.find(mac);
        return i >= 0 && sharedPart.holds(i) && !removed.get(i) ? i : -1;
    }

    private Ipv4Address get(long mac) {
        Ipv4Address a = entries.get(mac);
        if (a == null) {
            int i = sharedIndex(mac);
            if (i >= 0) {
                a = shared.entries.get(i).destination();
            }
        }
        return a;
    }

    void add(MacAddress mac, Ipv4Address dst) {
        if (entries.put(mac.bits(), dst) == null && sharedIndex(mac.bits()) < 0) {
            order.add(mac);
        }
    }

    void remove(MacAddress mac) {
        int i = sharedIndex(mac.bits());
        if (i >= 0) {
            removed.set(i);
            entries.remove(mac.bits());
        } else if (entries.remove(mac.bits()) != null) {
            int at = order.indexOf(mac);
            order.remove(at);
            if (at < sharedAt) {
                sharedAt--;
            }
        }
    }

    /** The remote endpoint for {@code mac}, falling back to the default (00:00:00:00:00:00) entry, or null. */
    Ipv4Address lookup(MacAddress mac) {
        Ipv4Address a = get(mac.bits());
        return a != null ? a : get(0L);
    }

    /** The MAC of the entry {@link #lookup} used: {@code mac} itself or the default entry's zero MAC. */
    MacAddress matched(MacAddress mac) {
        return get(mac.bits()) != null ? mac : MacAddress.ZERO;
    }

    String line(MacAddress m, Ipv4Address dst) {
        return m + " dev " + device + " dst " + dst + " self permanent";
    }

    List<String> text() {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            if (shared != null && k == sharedAt) {
                sharedText(out);
            }
            MacAddress m = order.get(k);
            out.add(line(m, entries.get(m.bits())));
        }
        if (shared != null && sharedAt >= order.size()) {
            sharedText(out);
        }
        return Collections.unmodifiableList(out);
    }

    private void sharedText(List<String> out) {
        for (int i = sharedPart.from(); i < sharedPart.to(); i++) {
            if (sharedPart.holds(i) && !removed.get(i)) {
                FdbConfig f = shared.entries.get(i);
                out.add(line(f.mac(), get(f.mac().bits())));
            }
        }
    }
}
