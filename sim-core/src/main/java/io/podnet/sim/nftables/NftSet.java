package io.podnet.sim.nftables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set or map: its key types ({@code ipv4_addr . inet_proto . inet_service}), and elements
 * as ranges per key component (an address, a prefix or a range; exact values have lo == hi), with
 * the verdict of a verdict map's element.
 */
final class NftSet {
    final String name;
    final boolean map;
    final List<String> keyTypes;
    final int handle;
    final long timeoutNanos;
    final List<Elem> elements = new ArrayList<>();
    private final Map<List<Long>, Elem> exact = new HashMap<>();

    /** One element; {@code verdict} null for a plain set. */
    record Elem(long[] lo, long[] hi, NftVerdict verdict, String text) {
        boolean contains(long[] key) {
            for (int i = 0; i < key.length; i++) {
                if (key[i] < lo[i] || key[i] > hi[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    NftSet(String name, boolean map, List<String> keyTypes, int handle, long timeoutNanos) {
        this.name = name;
        this.map = map;
        this.keyTypes = List.copyOf(keyTypes);
        this.handle = handle;
        this.timeoutNanos = timeoutNanos;
    }

    void add(Elem e) {
        elements.add(e);
        boolean isExact = true;
        List<Long> k = new ArrayList<>();
        for (int i = 0; i < e.lo().length; i++) {
            isExact &= e.lo()[i] == e.hi()[i];
            k.add(e.lo()[i]);
        }
        if (isExact) {
            exact.putIfAbsent(k, e);
        }
    }

    Elem lookup(long[] key) {
        List<Long> k = new ArrayList<>(key.length);
        for (long v : key) {
            k.add(v);
        }
        Elem e = exact.get(k);
        if (e != null) {
            return e;
        }
        for (Elem x : elements) {
            if (x.contains(key)) {
                return x;
            }
        }
        return null;
    }
}
