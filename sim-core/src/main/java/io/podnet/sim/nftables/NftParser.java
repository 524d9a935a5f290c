package io.podnet.sim.nftables;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code nft -f} transaction form (or an {@code nft list ruleset} listing, through
 * {@link NftListing}) ({@code add|create table/chain/set/map/rule/element},
 * {@code flush ...} lines are accepted and ignored on a fresh ruleset; {@code #} comments and blank
 * lines skipped) into an {@link NftRuleset}. Only the ip family is evaluated.
 */
public final class NftParser {
    private final NftRuleset rs = new NftRuleset();

    private NftParser() {}

    /**
     * Parses the text (the transaction form, or what {@code nft list ruleset} prints); throws
     * {@link NftParseException} with the line for anything it cannot read.
     */
    public static NftRuleset parse(String text) {
        NftParser p = new NftParser();
        if (NftListing.isListing(text)) {
            for (String[] l : NftListing.toTransaction(text)) {
                p.line(l[0], Integer.parseInt(l[1]));
            }
            return p.rs;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            p.line(l, i + 1);
        }
        return p.rs;
    }

    private void line(String l, int no) {
        List<String> tl = Tokens.split(l, no);
        String[] w = tl.toArray(new String[0]);
        if (w.length < 3) {
            throw new NftParseException(no, "too short: '" + l + "'");
        }
        String verb = w[0];
        if (verb.equals("flush") || verb.equals("delete")) {
            return;
        }
        if (!verb.equals("add") && !verb.equals("create")) {
            throw new NftParseException(no, "unknown command '" + verb + "' (accepted: add, create, flush)");
        }
        String obj = w[1];
        String family = w[2];
        if (!family.equals("ip")) {
            throw new NftParseException(no, "family '" + family + "' is not evaluated (only ip)");
        }
        String tname = w[3];
        String tid = family + " " + tname;
        if (obj.equals("table")) {
            rs.tables.putIfAbsent(tid, new NftRuleset.Table(family, tname));
            return;
        }
        NftRuleset.Table t = rs.tables.get(tid);
        if (t == null) {
            throw new NftParseException(no, "table " + tid + " was not added first");
        }
        if (w.length < 5) {
            throw new NftParseException(no, obj + " needs a name");
        }
        String name = w[4];
        switch (obj) {
            case "chain" -> chain(t, name, w, no);
            case "set", "map" -> set(t, name, obj.equals("map"), w, no);
            case "rule" -> rule(t, name, w, no);
            case "element" -> element(t, name, w, no);
            default -> throw new NftParseException(no, "unknown object '" + obj + "' (accepted: table, chain, set, map, rule, element)");
        }
    }

    private static void chain(NftRuleset.Table t, String name, String[] w, int no) {
        if (t.chains.containsKey(name)) {
            return;
        }
        String type = null;
        String hook = null;
        int prio = 0;
        for (int i = 5; i < w.length; i++) {
            switch (w[i]) {
                case "type" -> type = w[++i];
                case "hook" -> hook = w[++i];
                case "priority" -> {
                    prio = priority(w[++i], no);
                    if (i + 2 < w.length && ("+".equals(w[i + 1]) || "-".equals(w[i + 1]))) {
                        int d = Integer.parseInt(w[i + 2]);
                        prio += "+".equals(w[i + 1]) ? d : -d;
                        i += 2;
                    }
                }
                default -> { }
            }
        }
        if (hook != null && !List.of("prerouting", "input", "forward", "output", "postrouting").contains(hook)) {
            throw new NftParseException(no, "unknown hook '" + hook + "'");
        }
        t.chains.put(name, new NftRuleset.Chain(t, name, ++t.handles, type, hook, prio));
    }

    private static int priority(String s, int no) {
        return switch (s) {
            case "raw" -> -300;
            case "mangle" -> -150;
            case "dstnat" -> -100;
            case "filter" -> 0;
            case "security" -> 50;
            case "srcnat" -> 100;
            default -> {
                try {
                    yield Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    throw new NftParseException(no, "priority '" + s + "' is not a number or a standard name");
                }
            }
        };
    }

    private static void set(NftRuleset.Table t, String name, boolean map, String[] w, int no) {
        List<String> types = new ArrayList<>();
        long timeout = 0;
        for (int i = 5; i < w.length; i++) {
            if (w[i].equals("type")) {
                i++;
                while (i < w.length && !w[i].equals(";") && !w[i].equals(":") && !w[i].equals("}")) {
                    if (!w[i].equals(".")) {
                        types.add(w[i]);
                    }
                    i++;
                }
                i--;
            } else if (w[i].equals("timeout") && i + 1 < w.length && Character.isDigit(w[i + 1].charAt(0))) {
                timeout = duration(w[++i], no);
            }
        }
        if (types.isEmpty()) {
            throw new NftParseException(no, (map ? "map " : "set ") + name + " has no type");
        }
        t.sets.put(name, new NftSet(name, map, types, ++t.handles, timeout));
    }

    private static long duration(String s, int no) {
        long total = 0;
        StringBuilder num = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isDigit(c)) {
                num.append(c);
            } else {
                long n = num.length() == 0 ? 0 : Long.parseLong(num.toString());
                num.setLength(0);
                total += switch (c) {
                    case 'd' -> n * 86_400_000_000_000L;
                    case 'h' -> n * 3_600_000_000_000L;
                    case 'm' -> n * 60_000_000_000L;
                    case 's' -> n * 1_000_000_000L;
                    default -> throw new NftParseException(no, "bad duration '" + s + "'");
                };
            }
        }
        if (num.length() > 0) {
            total += Long.parseLong(num.toString()) * 1_000_000_000L;
        }
        return total;
    }

    private static void element(NftRuleset.Table t, String name, String[] w, int no) {
        NftSet s = t.sets.get(name);
        if (s == null) {
            throw new NftParseException(no, "element for unknown set or map " + name);
        }
        int i = 5;
        if (i >= w.length || !w[i].equals("{")) {
            throw new NftParseException(no, "elements go between { }");
        }
        elements(s, w, i + 1, no);
    }

    /** Reads {@code k . k [comment "x"] [: verdict] , ... }} from {@code i}; returns the index after the brace. */
    static int elements(NftSet s, String[] w, int i, int no) {
        while (i < w.length && !w[i].equals("}")) {
            List<String> comps = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            NftVerdict verdict = null;
            while (i < w.length && !w[i].equals(",") && !w[i].equals("}")) {
                if (w[i].equals("comment")) {
                    i += 2;
                    continue;
                }
                if (w[i].equals(":")) {
                    verdict = NftVerdict.parse(w, i + 1, no);
                    i += verdict.chain() == null ? 2 : 3;
                    continue;
                }
                if (!w[i].equals(".")) {
                    comps.add(w[i]);
                }
                text.append(text.length() == 0 ? "" : " ").append(w[i]);
                i++;
            }
            if (comps.size() != s.keyTypes.size()) {
                throw new NftParseException(no, "element '" + text + "' has " + comps.size() + " parts; "
                        + s.name + " is keyed by " + String.join(" . ", s.keyTypes));
            }
            long[] lo = new long[comps.size()];
            long[] hi = new long[comps.size()];
            for (int k = 0; k < comps.size(); k++) {
                long[] r = Values.range(s.keyTypes.get(k), comps.get(k), no);
                lo[k] = r[0];
                hi[k] = r[1];
            }
            if (s.map && verdict == null) {
                throw new NftParseException(no, "map " + s.name + " element '" + text + "' has no ': verdict'");
            }
            s.add(new NftSet.Elem(lo, hi, verdict, text + (verdict == null ? "" : " : " + verdict.text())));
            if (i < w.length && w[i].equals(",")) {
                i++;
            }
        }
        return i + 1;
    }

    private static void rule(NftRuleset.Table t, String chainName, String[] w, int no) {
        NftRuleset.Chain c = t.chains.get(chainName);
        if (c == null) {
            throw new NftParseException(no, "rule for unknown chain " + chainName);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 5; i < w.length; i++) {
            text.append(i == 5 ? "" : " ").append(w[i]);
        }
        RuleReader r = new RuleReader(t, w, 5, no);
        List<NftRule.Term> terms = r.read();
        c.rules.add(new NftRule(++t.handles, text.toString(), r.comment, terms, no));
    }
}
