package io.podnet.sim.netfilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code -m recent} address lists of one network namespace, as the kernel's xt_recent keeps
 * them ({@code /proc/net/xt_recent/NAME}): one list per {@code --name}, created by the first rule
 * that names it (whose {@code --mask} the list keeps), holding at most {@link #IP_LIST_TOT}
 * addresses; a new address beyond that evicts the least recently updated one. Each address keeps
 * its latest time stamps in a ring of a power-of-two size (32, or the largest {@code --hitcount}
 * rounded up). Time stamps come from the injected simulated clock (nanoseconds), never the wall
 * clock; the kernel counts in jiffies, so it agrees to within one tick.
 *
 * <p>Mutable, one per namespace, kept across ruleset reloads as the kernel keeps a list while a
 * rule still names it ({@link #adopt}). Not thread-safe.
 */
public final class RecentTables {
    /** The kernel's default {@code ip_list_tot}: addresses remembered per list. */
    public static final int IP_LIST_TOT = 100;
    /** The stamps ring size without {@code --hitcount} (the kernel's 32). */
    static final int DEFAULT_STAMPS = 32;

    private final LongSupplier clock;
    private final int listTot;
    private final Map<String, Table> tables = new HashMap<>();

    /** Lists with the kernel's default size, stamped by {@code clock} (simulated nanoseconds). */
    public RecentTables(LongSupplier clock) {
        this(clock, IP_LIST_TOT);
    }

    /** Lists of {@code listTot} addresses each (the {@code ip_list_tot} module parameter). */
    public RecentTables(LongSupplier clock, int listTot) {
        if (clock == null || listTot < 1) {
            throw new IllegalArgumentException("recent lists need a clock and a size of at least 1, got " + clock
                    + " and " + listTot);
        }
        this.clock = clock;
        this.listTot = listTot;
    }

    long now() {
        return clock.getAsLong();
    }

    /**
     * Makes the lists match a newly loaded ruleset, as the kernel's checkentry/destroy do across an
     * {@code iptables-restore}: a list still named keeps its addresses and mask (emptied when a rule
     * now needs more stamps than it holds), a new name gets an empty list with its first rule's
     * mask, a name no rule uses any more is forgotten.
     */
    void adopt(Ruleset ruleset) {
        Map<String, Table> next = new HashMap<>();
        for (XtRecent.Recent rm : ruleset.recentMatches()) {
            Table t = next.get(rm.name());
            if (t == null) {
                t = tables.get(rm.name());
                if (t == null) {
                    t = new Table(rm.mask(), rm.stampsNeeded());
                }
                next.put(rm.name(), t);
            }
            t.require(rm.stampsNeeded());
        }
        tables.clear();
        tables.putAll(next);
    }

    /** The list called {@code name}, or null when no loaded rule names it. */
    Table table(String name) {
        return tables.get(name);
    }

    /** The addresses of list {@code name} (as {@code a.b.c.d}), least recently updated first; empty when unknown. */
    public List<String> addresses(String name) {
        Table t = tables.get(name);
        List<String> out = new ArrayList<>();
        if (t != null) {
            for (Entry e : t.entries.values()) {
                out.add(new io.podnet.sim.net.Ipv4Address(e.addr).toString());
            }
        }
        return out;
    }

    /** One list: addresses in least-recently-updated order (the kernel's lru_list). */
    final class Table {
        final int mask;
        int stamps;
        final LinkedHashMap<Integer, Entry> entries = new LinkedHashMap<>();

        Table(int mask, int stamps) {
            this.mask = mask;
            this.stamps = stamps;
        }

        /** A rule needing a larger ring empties the list (the kernel flushes it in checkentry). */
        void require(int needed) {
            if (needed > stamps) {
                entries.clear();
                stamps = needed;
            }
        }

        /** recent_entry_lookup: the entry of {@code addr}; with {@code ttl != 0}, only if the TTLs agree. */
        Entry lookup(int addr, int ttl) {
            Entry e = entries.get(addr);
            if (e == null || ttl == 0 || e.ttl == 0 || e.ttl == ttl) {
                return e;
            }
            return null;
        }

        /** recent_entry_init: a new entry stamped now, evicting the least recently updated when full. */
        Entry add(int addr, int ttl, long now) {
            if (entries.size() >= listTot) {
                Iterator<Entry> it = entries.values().iterator();
                it.next();
                it.remove();
            }
            Entry e = new Entry(addr, ttl, stamps);
            e.stamps[0] = now;
            e.count = 1;
            e.index = 1;
            entries.put(addr, e);
            return e;
        }

        /** recent_entry_update: stamp now and move to the most recently updated end. */
        void update(Entry e, long now) {
            e.index &= stamps - 1;
            e.stamps[e.index++] = now;
            if (e.index > e.count) {
                e.count = e.index;
            }
            entries.remove(e.addr);
            entries.put(e.addr, e);
        }

        void remove(Entry e) {
            entries.remove(e.addr);
        }

        /**
         * recent_entry_reap: drops the least recently updated entry when its latest stamp is older
         * than {@code time}, unless it is {@code working} and about to be updated (the kernel's fix
         * for updating a reaped entry).
         */
        void reap(long time, Entry working, boolean update) {
            if (entries.isEmpty()) {
                return;
            }
            Entry e = entries.values().iterator().next();
            if (e == working && update) {
                return;
            }
            if (e.stamps[e.index - 1] < time) {
                entries.remove(e.addr);
            }
        }
    }

    /** One remembered address: its ring of stamps, how many are filled, the next slot, the TTL seen. */
    static final class Entry {
        final int addr;
        int ttl;
        final long[] stamps;
        int count;
        int index;

        Entry(int addr, int ttl, int stamps) {
            this.addr = addr;
            this.ttl = ttl;
            this.stamps = new long[stamps];
        }

        @Override
        public String toString() {
            return new io.podnet.sim.net.Ipv4Address(addr) + " " + Arrays.toString(Arrays.copyOf(stamps, count));
        }
    }
}
