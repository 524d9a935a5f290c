package io.podnet.sim.stack;

import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.SharedEntries;
import java.util.HashMap;
import java.util.Map;

/**
 * The index of permanent neighbour entries that many namespaces hold alike: address to entry
 * index. Made once per build, shared by every {@link NeighbourTable} that attaches the entries.
 * All entries must name one device and distinct addresses; {@link #of} returns null otherwise.
 */
final class SharedNeighbours {
    final SharedEntries<NeighbourConfig> entries;
    final String device;
    private final Map<Integer, Integer> byAddress = new HashMap<>();

    private SharedNeighbours(SharedEntries<NeighbourConfig> entries, String device) {
        this.entries = entries;
        this.device = device;
    }

    static SharedNeighbours of(SharedEntries<NeighbourConfig> entries) {
        if (entries.size() == 0) {
            return null;
        }
        SharedNeighbours s = new SharedNeighbours(entries, entries.get(0).device());
        for (int i = 0; i < entries.size(); i++) {
            NeighbourConfig n = entries.get(i);
            if (n.ip() == null || n.mac() == null || n.device() == null || !n.device().equals(s.device)
                    || s.byAddress.put(n.ip().bits(), i) != null) {
                return null;
            }
        }
        return s;
    }

    /** The index of the entry for {@code ip}, or -1. */
    int find(int ip) {
        Integer i = byAddress.get(ip);
        return i == null ? -1 : i;
    }
}
