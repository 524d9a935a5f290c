package io.podnet.sim.nftables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed nftables tables: chains (base chains with type, hook and priority), rules with their
 * handles, named sets and maps with their elements. Immutable after parsing except for dynamic
 * sets' contents, which live in the evaluator.
 */
public final class NftRuleset {
    final Map<String, Table> tables = new LinkedHashMap<>();

    /** One table: {@code family name}, e.g. {@code ip kube-proxy}. */
    static final class Table {
        final String family;
        final String name;
        final Map<String, Chain> chains = new LinkedHashMap<>();
        final Map<String, NftSet> sets = new LinkedHashMap<>();
        int handles;

        Table(String family, String name) {
            this.family = family;
            this.name = name;
        }

        String id() {
            return family + " " + name;
        }
    }

    /** A chain; {@code hook} is null for a regular chain. */
    static final class Chain {
        final Table table;
        final String name;
        final int handle;
        final String type;
        final String hook;
        final int priority;
        final List<NftRule> rules = new ArrayList<>();

        Chain(Table table, String name, int handle, String type, String hook, int priority) {
            this.table = table;
            this.name = name;
            this.handle = handle;
            this.type = type;
            this.hook = hook;
            this.priority = priority;
        }
    }

    /** Tables in the order they were added. */
    public List<String> tableNames() {
        return List.copyOf(tables.keySet());
    }

    /** The number of rules in all tables. */
    public int ruleCount() {
        int n = 0;
        for (Table t : tables.values()) {
            for (Chain c : t.chains.values()) {
                n += c.rules.size();
            }
        }
        return n;
    }

    /** The rules of chain {@code chain} in table {@code family name}, as written (empty when absent). */
    public List<String> rules(String table, String chain) {
        Table t = tables.get(table);
        Chain c = t == null ? null : t.chains.get(chain);
        if (c == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (NftRule r : c.rules) {
            out.add(r.text());
        }
        return out;
    }

    /** The handle of the {@code index}-th rule of a chain (as {@code nft -a list} prints it), or -1. */
    public int handle(String table, String chain, int index) {
        Table t = tables.get(table);
        Chain c = t == null ? null : t.chains.get(chain);
        return c == null || index >= c.rules.size() ? -1 : c.rules.get(index).handle();
    }
}
