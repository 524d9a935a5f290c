package io.podnet.sim.device;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.SharedEntries;
import java.util.HashMap;
import java.util.Map;

/**
 * The index of tunnel FDB entries that many namespaces hold alike (Flannel's entry for each node's
 * VTEP): MAC to entry index. Made once per build, shared by every tunnel device that attaches the
 * entries ({@link VxlanDevice#attachSharedFdb}). All entries must name one device, a destination
 * and distinct MACs; {@link #of} returns null otherwise.
 */
public final class SharedFdb {
    final SharedEntries<FdbConfig> entries;
    private final String device;
    private final Map<Long, Integer> byMac = new HashMap<>();

    private SharedFdb(SharedEntries<FdbConfig> entries, String device) {
        this.entries = entries;
        this.device = device;
    }

    /** The index, or null when the entries cannot be shared as one layer. */
    public static SharedFdb of(SharedEntries<FdbConfig> entries) {
        if (entries.size() == 0) {
            return null;
        }
        SharedFdb s = new SharedFdb(entries, entries.get(0).device());
        for (int i = 0; i < entries.size(); i++) {
            FdbConfig f = entries.get(i);
            if (f.mac() == null || f.destination() == null || f.device() == null || !f.device().equals(s.device)
                    || s.byMac.put(f.mac().bits(), i) != null) {
                return null;
            }
        }
        return s;
    }

    /** The device every entry names. */
    public String device() {
        return device;
    }

    /** The index of the entry for these MAC bits, or -1. */
    int find(long mac) {
        Integer i = byMac.get(mac);
        return i == null ? -1 : i;
    }
}
