package io.podnet.sim.netfilter;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code nfacct} accounting objects of one namespace: packets and bytes per name, as
 * {@code nfacct list} shows them. Mutable; one per {@link Netfilter}.
 */
public final class Accounting {
    private final Map<String, long[]> byName = new TreeMap<>();

    void count(String name, long bytes) {
        long[] c = byName.computeIfAbsent(name, k -> new long[2]);
        c[0]++;
        c[1] += bytes;
    }

    /** Packets counted under {@code name} (0 when never used). */
    public long packets(String name) {
        long[] c = byName.get(name);
        return c == null ? 0 : c[0];
    }

    /** Bytes (IP datagram lengths) counted under {@code name}. */
    public long bytes(String name) {
        long[] c = byName.get(name);
        return c == null ? 0 : c[1];
    }
}
