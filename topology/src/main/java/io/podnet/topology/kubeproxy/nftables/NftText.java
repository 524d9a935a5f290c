package io.podnet.topology.kubeproxy.nftables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one nftables table as kube-proxy adds them, printable as the {@code nft -f}
 * transaction ({@code add table}/{@code add chain}/{@code add rule}/{@code add element} lines, in
 * the order they were added) or laid out as {@code nft list ruleset} does (one block per table, sets
 * and maps with their elements, then chains with their rules). The listing keeps each rule as it
 * was written; the real {@code nft list} also re-spells some expressions (e.g.
 * {@code mark set mark or 0x4000} as {@code meta mark set meta mark | 0x00004000}).
 */
public final class NftText {
    private final String family;
    private final String table;
    private final String tableComment;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Obj> sets = new LinkedHashMap<>();
    private final Map<String, Obj> chains = new LinkedHashMap<>();

    private static final class Obj {
        final String kind;
        final String spec;
        final List<String> items = new ArrayList<>();

        Obj(String kind, String spec) {
            this.kind = kind;
            this.spec = spec;
        }
    }

    public NftText(String family, String table, String tableComment) {
        this.family = family;
        this.table = table;
        this.tableComment = tableComment;
        lines.add("add table " + family + " " + table + " { comment " + quote(tableComment) + " ; }");
    }

    private String prefix(String kind) {
        return "add " + kind + " " + family + " " + table + " ";
    }

    /** A named set: {@code spec} is what goes between the braces, e.g. {@code type ipv4_addr ; comment "x" ;}. */
    public NftText set(String name, String spec) {
        sets.put(name, new Obj("set", spec));
        lines.add(prefix("set") + name + " { " + spec + " }");
        return this;
    }

    public NftText map(String name, String spec) {
        sets.put(name, new Obj("map", spec));
        lines.add(prefix("map") + name + " { " + spec + " }");
        return this;
    }

    /** A chain; {@code spec} is null for a regular chain, else e.g. {@code type nat hook output priority -100 ;}. */
    public NftText chain(String name, String spec) {
        if (chains.containsKey(name)) {
            return this;
        }
        chains.put(name, new Obj("chain", spec));
        lines.add(prefix("chain") + name + (spec == null ? "" : " { " + spec + " }"));
        return this;
    }

    public boolean hasChain(String name) {
        return chains.containsKey(name);
    }

    public NftText rule(String chain, String rule) {
        Obj c = chains.get(chain);
        if (c == null) {
            throw new IllegalStateException("rule for undeclared chain " + chain);
        }
        c.items.add(rule);
        lines.add(prefix("rule") + chain + " " + rule);
        return this;
    }

    public NftText element(String set, String element) {
        Obj s = sets.get(set);
        if (s == null) {
            throw new IllegalStateException("element for undeclared set " + set);
        }
        s.items.add(element);
        lines.add(prefix("element") + set + " { " + element + " }");
        return this;
    }

    /** The {@code nft -f} transaction text, one object per line. */
    public String transaction() {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /** The {@code nft list ruleset} layout of the table. */
    public String listing() {
        StringBuilder sb = new StringBuilder();
        sb.append("table ").append(family).append(' ').append(table).append(" {\n");
        sb.append("\tcomment ").append(quote(tableComment)).append('\n');
        for (Map.Entry<String, Obj> e : sets.entrySet()) {
            Obj s = e.getValue();
            sb.append('\t').append(s.kind).append(' ').append(e.getKey()).append(" {\n");
            for (String part : s.spec.split(" ; ")) {
                String p = part.trim();
                if (p.endsWith(";")) {
                    p = p.substring(0, p.length() - 1).trim();
                }
                if (!p.isEmpty()) {
                    sb.append("\t\t").append(p).append('\n');
                }
            }
            if (!s.items.isEmpty()) {
                sb.append("\t\telements = { ").append(String.join(",\n\t\t\t     ", s.items)).append(" }\n");
            }
            sb.append("\t}\n");
        }
        for (Map.Entry<String, Obj> e : chains.entrySet()) {
            Obj c = e.getValue();
            sb.append("\n\tchain ").append(e.getKey()).append(" {\n");
            if (c.spec != null) {
                String spec = c.spec.trim();
                if (spec.startsWith("comment")) {
                    sb.append("\t\t").append(spec.endsWith(";") ? spec.substring(0, spec.length() - 1).trim() : spec).append('\n');
                } else {
                    sb.append("\t\t").append(baseChainLine(spec)).append('\n');
                }
            }
            for (String r : c.items) {
                sb.append("\t\t").append(r).append('\n');
            }
            sb.append("\t}\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** {@code type nat hook output priority -100 ;} as nft lists it: {@code type nat hook output priority dstnat; policy accept;}. */
    static String baseChainLine(String spec) {
        String[] w = spec.replace(";", " ").trim().split("\\s+");
        String type = w[1];
        String hook = w[3];
        int prio = Integer.parseInt(w[5]);
        return "type " + type + " hook " + hook + " priority " + priorityName(type, hook, prio) + "; policy accept;";
    }

    /** nft's standard priority names (nft(8) "PRIORITY" table for the ip family), as {@code nft list} prints them. */
    static String priorityName(String type, String hook, int prio) {
        String[] names = {"raw", "mangle", "dstnat", "filter", "security", "srcnat"};
        int[] values = {-300, -150, -100, 0, 50, 100};
        for (int i = 0; i < names.length; i++) {
            // as nft 1.0.6 lists them: dstnat only at prerouting, srcnat only at postrouting
            if (("dstnat".equals(names[i]) && !"prerouting".equals(hook))
                    || ("srcnat".equals(names[i]) && !"postrouting".equals(hook))) {
                continue;
            }
            int d = prio - values[i];
            if (Math.abs(d) <= 10) {
                return d == 0 ? names[i] : names[i] + (d > 0 ? " + " + d : " - " + (-d));
            }
        }
        return Integer.toString(prio);
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
