package io.podnet.sim.netfilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated iptables ruleset: what {@code iptables-restore} would have loaded from the
 * same text. Immutable; parse it once and share it between every namespace that loads the same
 * text (each {@link Netfilter} keeps its own conntrack and random state).
 *
 * <p>Tables absent from the text are empty, with ACCEPT policies, as on a fresh kernel.
 */
public final class Ruleset {
    /** A ruleset with every table empty and every policy ACCEPT. */
    public static final Ruleset EMPTY = new Ruleset(new EnumMap<>(TableName.class), 0);

    private final Map<TableName, Table> tables;
    private final java.util.Set<TableName> loaded;
    private final int ruleCount;
    private final int ordinals;
    /** Every {@code -m recent} match, in table, chain and rule order: what {@link RecentTables#adopt} needs. */
    private final List<XtRecent.Recent> recentMatches;

    Ruleset(Map<TableName, Table> loaded, int ordinals) {
        java.util.EnumSet<TableName> l = java.util.EnumSet.noneOf(TableName.class);
        l.addAll(loaded.keySet());
        this.loaded = java.util.Collections.unmodifiableSet(l);
        this.ordinals = ordinals;
        EnumMap<TableName, Table> m = new EnumMap<>(TableName.class);
        List<XtRecent.Recent> recent = new ArrayList<>();
        int n = 0;
        for (TableName t : TableName.values()) {
            Table tab = loaded.get(t);
            if (tab == null) {
                tab = Table.empty(t);
            }
            m.put(t, tab);
            for (Chain c : tab.chains) {
                n += c.ruleArray.length;
                if (l.contains(t)) {
                    for (Rule r : c.ruleArray) {
                        for (Match match : r.matches) {
                            if (match instanceof XtRecent.Recent rm) {
                                recent.add(rm);
                            }
                        }
                    }
                }
            }
        }
        this.tables = Collections.unmodifiableMap(m);
        this.ruleCount = n;
        this.recentMatches = List.copyOf(recent);
    }

    /** Parses iptables-save / iptables-restore text. */
    public static Ruleset parse(String text) {
        return new IptablesParser(text).parse();
    }

    /** The chains of {@code table} in declaration order (built-ins first when undeclared). */
    public List<Chain> chains(TableName table) {
        return List.of(tables.get(table).chains);
    }

    /** The chain, or null when the table has none of that name. */
    public Chain chain(TableName table, String name) {
        Table t = tables.get(table);
        Integer i = t.index.get(name);
        return i == null ? null : t.chains[i];
    }

    /** The tables the text loaded (the ones {@code iptables-save} would print), in kernel priority order. */
    public java.util.Set<TableName> loadedTables() {
        return loaded;
    }

    /**
     * The {@code -m recent} matches of the loaded tables in table, chain and rule order, found once
     * at parse time so that each of the thousands of namespaces sharing this ruleset need not walk
     * its rules again.
     */
    List<XtRecent.Recent> recentMatches() {
        return recentMatches;
    }

    /** Size of a per-rule counter array (rule ordinals are below this). */
    int ordinals() {
        return ordinals;
    }

    /** Total number of rules in all tables. */
    public int ruleCount() {
        return ruleCount;
    }

    Table table(TableName t) {
        return tables.get(t);
    }

    /** One committed table: chains by index, and the built-in chain of each hook. */
    static final class Table {
        final TableName name;
        final Chain[] chains;
        final Map<String, Integer> index;
        /** Per {@link Hook#ordinal()}: the built-in chain's index, or -1. */
        final int[] builtinByHook;

        Table(TableName name, List<Chain> chains, Map<String, Integer> index) {
            this.name = name;
            this.chains = chains.toArray(new Chain[0]);
            this.index = Map.copyOf(index);
            this.builtinByHook = new int[Hook.values().length];
            java.util.Arrays.fill(builtinByHook, -1);
            for (Hook h : name.hooks()) {
                Integer i = index.get(h.name());
                if (i != null) {
                    builtinByHook[h.ordinal()] = i;
                }
            }
        }

        static Table empty(TableName t) {
            List<Chain> cs = new ArrayList<>();
            Map<String, Integer> idx = new java.util.HashMap<>();
            for (Hook h : t.hooks()) {
                idx.put(h.name(), cs.size());
                cs.add(new Chain(h.name(), true, "ACCEPT", List.of()));
            }
            return new Table(t, cs, idx);
        }

        Chain builtin(Hook h) {
            int i = builtinByHook[h.ordinal()];
            return i < 0 ? null : chains[i];
        }
    }
}
