package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads iptables-save / iptables-restore text: {@code *table} sections, {@code :CHAIN POLICY [p:b]}
 * declarations, {@code -A/-I/-N/-X/-F/-P} commands and {@code COMMIT}, with the checks
 * iptables-restore and the kernel make when loading (unknown chains and targets, built-in chain
 * policies, targets used from hooks that do not allow them, loops).
 */
final class IptablesParser {
    static final int MAX_CHAIN_NAME = 28;

    private final String[] lines;
    private final Map<TableName, Ruleset.Table> done = new EnumMap<>(TableName.class);
    private int ordinals;

    private TableName table;
    private int tableLine;
    private LinkedHashMap<String, ChainBuilder> chains;
    private int lineNo;
    private String lineText;

    IptablesParser(String text) {
        if (text == null) {
            throw new IllegalArgumentException("iptables text is null");
        }
        this.lines = text.split("\n", -1);
    }

    static final class ChainBuilder {
        final String name;
        final boolean builtin;
        String policy;
        final List<RuleSpec> rules = new ArrayList<>();

        ChainBuilder(String name, boolean builtin, String policy) {
            this.name = name;
            this.builtin = builtin;
            this.policy = policy;
        }
    }

    /** A parsed rule before its table is committed (jump targets are names until then). */
    record RuleSpec(Rule rule, int line, int targetColumn, String lineText) {}

    Ruleset parse() {
        for (int i = 0; i < lines.length; i++) {
            lineNo = i + 1;
            String raw = lines[i];
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            lineText = raw;
            if (raw.isBlank()) {
                continue;
            }
            char c = raw.charAt(0);
            if (c == '#') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                throw err(1, "the line starts with whitespace; iptables-restore reads commands from column 1",
                        "*table, :CHAIN POLICY, -A CHAIN ..., COMMIT or # comment at the start of the line");
            }
            if (c == '*') {
                startTable(raw);
            } else if (raw.stripTrailing().equals("COMMIT")) {
                if (table == null) {
                    throw err(1, "COMMIT without a table", "*raw, *mangle, *nat or *filter before the rules");
                }
                commit();
            } else if (table == null) {
                throw err(1, "'" + firstWord(raw) + "' outside a table section",
                        "a *table line (*raw, *mangle, *nat, *filter) first");
            } else if (c == ':') {
                declareChain(raw);
            } else {
                command(raw);
            }
        }
        if (table != null) {
            lineNo = lines.length;
            lineText = null;
            throw new ParseException(tableLine, 1, "table '" + table + "' is never COMMITted",
                    "a COMMIT line ending the *" + table + " section", null);
        }
        return new Ruleset(done, ordinals);
    }

    private static String firstWord(String s) {
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    int lineNo() {
        return lineNo;
    }

    ParseException err(int column, String problem, String accepted) {
        return new ParseException(lineNo, column, problem, accepted, lineText);
    }

    ParseException err(Token t, String problem, String accepted) {
        return err(t.column(), problem, accepted);
    }

    private void startTable(String raw) {
        if (table != null) {
            throw err(1, "table '" + table + "' (line " + tableLine + ") was not COMMITted before a new table starts",
                    "COMMIT before the next *table line");
        }
        String name = raw.substring(1).strip();
        TableName t = TableName.byName(name);
        if (t == null) {
            throw err(2, "unknown table '" + name + "'", "raw, mangle, nat, filter");
        }
        table = t;
        tableLine = lineNo;
        chains = new LinkedHashMap<>();
        for (Hook h : t.hooks()) {
            chains.put(h.name(), new ChainBuilder(h.name(), true, "ACCEPT"));
        }
    }

    private String builtinList() {
        StringJoiner j = new StringJoiner(", ");
        for (Hook h : table.hooks()) {
            j.add(h.name());
        }
        return j.toString();
    }

    private boolean isBuiltinName(String name) {
        for (Hook h : Hook.values()) {
            if (h.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void checkChainName(Token t) {
        String n = t.text();
        if (n.isEmpty()) {
            throw err(t, "empty chain name", "a name of 1-" + MAX_CHAIN_NAME + " characters");
        }
        if (n.length() > MAX_CHAIN_NAME) {
            throw err(t, "chain name '" + n + "' is " + n.length() + " characters long",
                    "at most " + MAX_CHAIN_NAME + " characters");
        }
        if (n.startsWith("-") || n.startsWith("!")) {
            throw err(t, "chain name '" + n + "' starts with '" + n.charAt(0) + "'", "a name not starting with - or !");
        }
        if (RuleParser.isStandardTarget(n)) {
            throw err(t, "'" + n + "' is a built-in target, not a chain name", "any other name");
        }
    }

    private void declareChain(String raw) {
        List<Token> toks = Tokens.split(raw, 1, lineNo);
        if (toks.isEmpty()) {
            throw err(2, "chain declaration without a name", ":CHAIN POLICY [packets:bytes]");
        }
        Token name = toks.get(0);
        if (toks.size() < 2) {
            throw err(raw.length() + 1, "chain '" + name.text() + "' has no policy",
                    "ACCEPT or DROP for a built-in chain, - for a user chain");
        }
        Token policy = toks.get(1);
        if (toks.size() > 2) {
            checkCounters(toks.get(2));
        }
        if (toks.size() > 3) {
            throw err(toks.get(3), "unexpected '" + toks.get(3).text() + "' after the chain's counters",
                    ":CHAIN POLICY [packets:bytes]");
        }
        ChainBuilder existing = chains.get(name.text());
        if (existing != null && existing.builtin) {
            if (!policy.text().equals("ACCEPT") && !policy.text().equals("DROP")) {
                throw err(policy, "built-in chain " + name.text() + " needs a policy, not '" + policy.text() + "'",
                        "ACCEPT, DROP");
            }
            existing.policy = policy.text();
            existing.rules.clear();
            return;
        }
        if (isBuiltinName(name.text()) && !policy.text().equals("-")) {
            throw err(name, "table " + table + " has no built-in chain " + name.text(),
                    "built-in chains of " + table + ": " + builtinList());
        }
        checkChainName(name);
        if (!policy.text().equals("-")) {
            throw err(policy, "user chain " + name.text() + " cannot have a policy ('" + policy.text() + "')",
                    "- for a user-defined chain");
        }
        if (existing != null) {
            existing.rules.clear();
        } else {
            chains.put(name.text(), new ChainBuilder(name.text(), false, null));
        }
    }

    private void checkCounters(Token t) {
        String s = t.text();
        int colon = s.indexOf(':');
        if (s.length() < 5 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']' || colon < 0
                || !RuleParser.digits(s.substring(1, colon), 20) || !RuleParser.digits(s.substring(colon + 1, s.length() - 1), 20)) {
            throw err(t, "bad counters '" + s + "'", "[packets:bytes], e.g. [0:0]");
        }
    }

    private ChainBuilder existingChain(Token t, String what) {
        ChainBuilder cb = chains.get(t.text());
        if (cb == null) {
            String hint = isBuiltinName(t.text())
                    ? "built-in chains of " + table + ": " + builtinList()
                    : "a chain declared earlier in *" + table + " with :" + t.text() + " - [0:0] or -N " + t.text();
            throw err(t, what + " chain '" + t.text() + "' does not exist in table " + table, hint);
        }
        return cb;
    }

    private void command(String raw) {
        List<Token> toks = Tokens.split(raw, 0, lineNo);
        int k = 0;
        if (toks.get(0).text().startsWith("[")) {
            checkCounters(toks.get(0));
            k = 1;
            if (toks.size() == 1) {
                throw err(raw.length() + 1, "counters without a command", "[packets:bytes] -A CHAIN ...");
            }
        }
        Token cmd = toks.get(k);
        String c = cmd.text();
        switch (c) {
            case "-A", "--append" -> {
                Token chain = need(toks, k + 1, "a chain name after " + c);
                ChainBuilder cb = existingChain(chain, "rule for");
                String text = "-A " + chain.text() + rest(raw, toks, k + 2);
                addRule(cb, toks, k + 2, text, cb.rules.size());
            }
            case "-I", "--insert" -> {
                Token chain = need(toks, k + 1, "a chain name after " + c);
                ChainBuilder cb = existingChain(chain, "rule for");
                int pos = 0;
                int from = k + 2;
                if (toks.size() > from && RuleParser.digits(toks.get(from).text(), 9)) {
                    Token p = toks.get(from);
                    pos = Integer.parseInt(p.text()) - 1;
                    if (pos < 0 || pos > cb.rules.size()) {
                        throw err(p, "rule position " + p.text() + " is out of range for chain " + chain.text(),
                                "1 to " + (cb.rules.size() + 1));
                    }
                    from++;
                }
                String text = "-A " + chain.text() + rest(raw, toks, from);
                addRule(cb, toks, from, text, pos);
            }
            case "-N", "--new-chain" -> {
                Token chain = need(toks, k + 1, "a chain name after " + c);
                checkChainName(chain);
                if (chains.containsKey(chain.text())) {
                    throw err(chain, "chain '" + chain.text() + "' already exists", "a new chain name");
                }
                noMore(toks, k + 2);
                chains.put(chain.text(), new ChainBuilder(chain.text(), false, null));
            }
            case "-X", "--delete-chain" -> {
                if (toks.size() == k + 1) {
                    for (ChainBuilder cb : List.copyOf(chains.values())) {
                        if (!cb.builtin) {
                            deleteChain(cb, cmd);
                        }
                    }
                } else {
                    Token chain = toks.get(k + 1);
                    ChainBuilder cb = existingChain(chain, "cannot delete:");
                    if (cb.builtin) {
                        throw err(chain, "cannot delete built-in chain " + chain.text(), "a user-defined chain");
                    }
                    noMore(toks, k + 2);
                    deleteChain(cb, chain);
                }
            }
            case "-F", "--flush" -> {
                if (toks.size() == k + 1) {
                    for (ChainBuilder cb : chains.values()) {
                        cb.rules.clear();
                    }
                } else {
                    existingChain(toks.get(k + 1), "cannot flush:").rules.clear();
                    noMore(toks, k + 2);
                }
            }
            case "-P", "--policy" -> {
                Token chain = need(toks, k + 1, "a chain name after " + c);
                ChainBuilder cb = existingChain(chain, "cannot set policy:");
                Token pol = need(toks, k + 2, "ACCEPT or DROP");
                if (!cb.builtin) {
                    throw err(chain, "user chain " + chain.text() + " cannot have a policy", "a built-in chain");
                }
                if (!pol.text().equals("ACCEPT") && !pol.text().equals("DROP")) {
                    throw err(pol, "bad policy '" + pol.text() + "'", "ACCEPT, DROP");
                }
                noMore(toks, k + 3);
                cb.policy = pol.text();
            }
            case "-t", "--table" -> throw err(cmd, "a -t table option inside restore text",
                    "a *table line to choose the table");
            default -> throw err(cmd, "unknown command '" + c + "'",
                    "-A, -I, -N, -X, -F, -P (iptables-save writes -A); also *table, :CHAIN POLICY, COMMIT, # comments");
        }
    }

    private void deleteChain(ChainBuilder cb, Token at) {
        if (!cb.rules.isEmpty()) {
            throw err(at, "chain " + cb.name + " is not empty (" + cb.rules.size() + " rules)",
                    "flush it first (-F " + cb.name + ")");
        }
        for (ChainBuilder other : chains.values()) {
            for (RuleSpec r : other.rules) {
                if (r.rule().target instanceof Target.ToChain j && cb.name.equals(j.chain())) {
                    throw err(at, "chain " + cb.name + " is still referenced by " + other.name + " (line " + r.line() + ")",
                            "delete the rules that jump to it first");
                }
            }
        }
        chains.remove(cb.name);
    }

    private Token need(List<Token> toks, int i, String what) {
        if (i >= toks.size()) {
            throw err(lineText.length() + 1, "missing " + what, what);
        }
        return toks.get(i);
    }

    private void noMore(List<Token> toks, int i) {
        if (i < toks.size()) {
            throw err(toks.get(i), "unexpected '" + toks.get(i).text() + "'", "nothing more on this line");
        }
    }

    private static String rest(String raw, List<Token> toks, int from) {
        if (from >= toks.size()) {
            return "";
        }
        return " " + raw.substring(toks.get(from).column() - 1).stripTrailing();
    }

    private void addRule(ChainBuilder cb, List<Token> toks, int from, String text, int pos) {
        RuleParser rp = new RuleParser(this, table, cb.name, chains.keySet(), toks, from);
        Rule r = rp.parse(text, lineNo);
        cb.rules.add(pos, new RuleSpec(r, lineNo, rp.targetColumn(), lineText));
    }

    private void commit() {
        List<Chain> list = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        List<ChainBuilder> builders = new ArrayList<>(chains.values());
        for (ChainBuilder cb : builders) {
            index.put(cb.name, index.size());
        }
        // Hook reachability and loops, over the rule specs.
        int[] hookMask = new int[builders.size()];
        for (Hook h : table.hooks()) {
            int[] color = new int[builders.size()];
            visit(builders, index, index.get(h.name()), Target.bit(h), hookMask, color);
        }
        for (int ci = 0; ci < builders.size(); ci++) {
            ChainBuilder cb = builders.get(ci);
            List<Rule> rules = new ArrayList<>(cb.rules.size());
            int n = 1;
            for (RuleSpec rs : cb.rules) {
                Rule r = rs.rule();
                Target t = r.target;
                int allowed = t.allowedHooks();
                int bad = hookMask[ci] & ~allowed;
                if (allowed != -1 && bad != 0) {
                    throw new ParseException(rs.line(), rs.targetColumn(),
                            t.name() + " is used from hook " + hookNames(bad) + " (chain " + cb.name + " is reached from "
                                    + hookNames(hookMask[ci]) + ")",
                            t.name() + " is allowed from " + hookNames(allowed), rs.lineText());
                }
                if (t instanceof Target.ToChain j) {
                    t = j.resolved(index.get(j.chain()));
                }
                rules.add(r.renumbered(cb.name, n++, t, ordinals++));
            }
            list.add(new Chain(cb.name, cb.builtin, cb.builtin ? cb.policy : null, rules));
        }
        done.put(table, new Ruleset.Table(table, list, index));
        table = null;
        chains = null;
    }

    private void visit(List<ChainBuilder> builders, Map<String, Integer> index, int ci, int hookBit, int[] mask,
                       int[] color) {
        color[ci] = 1;
        mask[ci] |= hookBit;
        for (RuleSpec rs : builders.get(ci).rules) {
            if (!(rs.rule().target instanceof Target.ToChain t)) {
                continue;
            }
            Integer next = index.get(t.chain());
            if (next == null) {
                throw new ParseException(rs.line(), rs.targetColumn(), "chain '" + t.chain() + "' no longer exists",
                        "a declared chain", rs.lineText());
            }
            if (color[next] == 1) {
                throw new ParseException(rs.line(), rs.targetColumn(),
                        "jumping to " + t.chain() + " from " + builders.get(ci).name + " makes a loop",
                        "chains that never jump back to a chain that leads to them (the kernel refuses loops)",
                        rs.lineText());
            }
            if (color[next] == 0) {
                visit(builders, index, next, hookBit, mask, color);
            }
        }
        color[ci] = 2;
    }

    static String hookNames(int mask) {
        StringJoiner j = new StringJoiner("/");
        for (Hook h : Hook.values()) {
            if ((mask & Target.bit(h)) != 0) {
                j.add(h.name());
            }
        }
        return j.toString();
    }
}
