package io.podnet.topology.kubeproxy.iptables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table of an {@code iptables-restore} file being assembled: chain declarations and rules
 * (each rule line starts with {@code -A CHAIN}). {@link #write(StringBuilder)} prints it in
 * kube-proxy's canonical order, the one its own unit tests compare against
 * ({@code sortIPTablesRules} in {@code pkg/proxy/iptables/proxier_test.go}): built-in chains
 * first (as {@code iptables-save} lists them), then {@code KUBE-NODEPORTS}, {@code KUBE-SERVICES}
 * and the other {@code KUBE-*} chains alphabetically; rules grouped by chain in that order, each
 * chain's rules in the order written, except that {@code KUBE-SERVICES} and {@code KUBE-NODEPORTS}
 * are stably sorted by the Service name in their comment, keeping the "must be the last rule"
 * rule last.
 */
final class RestoreText {
    private final String table;
    private final List<String> builtins;
    private final Set<String> chains = new LinkedHashSet<>();
    private final Map<String, List<String>> rules = new LinkedHashMap<>();

    RestoreText(String table, List<String> builtins) {
        this.table = table;
        this.builtins = List.copyOf(builtins);
        for (String b : builtins) {
            rules.put(b, new ArrayList<>());
        }
    }

    void chain(String name) {
        chains.add(name);
    }

    /** Adds a rule; {@code words} are joined with single spaces after {@code -A chain}. */
    void rule(String chain, String... words) {
        if (!builtins.contains(chain) && !chains.contains(chain)) {
            throw new IllegalStateException("rule for undeclared chain " + chain);
        }
        StringBuilder sb = new StringBuilder("-A ").append(chain);
        for (String w : words) {
            if (!w.isEmpty()) {
                sb.append(' ').append(w);
            }
        }
        rules.computeIfAbsent(chain, k -> new ArrayList<>()).add(sb.toString());
    }

    void write(StringBuilder out) {
        out.append('*').append(table).append('\n');
        for (String b : builtins) {
            out.append(':').append(b).append(" ACCEPT [0:0]\n");
        }
        List<String> order = new ArrayList<>(chains);
        order.sort(RestoreText::compareChains);
        for (String c : order) {
            out.append(':').append(c).append(" - [0:0]\n");
        }
        for (String b : builtins) {
            for (String r : rules.get(b)) {
                out.append(r).append('\n');
            }
        }
        for (String c : order) {
            List<String> lines = new ArrayList<>(rules.getOrDefault(c, List.of()));
            if (c.equals("KUBE-SERVICES") || c.equals("KUBE-NODEPORTS")) {
                List<String> last = new ArrayList<>();
                List<String> rest = new ArrayList<>();
                for (String l : lines) {
                    (l.contains("must be the last rule") ? last : rest).add(l);
                }
                rest.sort(Comparator.comparing(RestoreText::commentServiceName));
                lines = rest;
                lines.addAll(last);
            }
            for (String r : lines) {
                out.append(r).append('\n');
            }
        }
        out.append("COMMIT\n");
    }

    static int compareChains(String a, String b) {
        int ra = rank(a);
        int rb = rank(b);
        return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
    }

    private static int rank(String chain) {
        if (chain.equals("KUBE-NODEPORTS")) {
            return 0;
        }
        if (chain.equals("KUBE-SERVICES")) {
            return 1;
        }
        return chain.startsWith("KUBE-") ? 2 : 3;
    }

    /** The comment's text up to the first space or colon: the Service's {@code namespace/name}. */
    static String commentServiceName(String rule) {
        int i = rule.indexOf("--comment ");
        if (i < 0) {
            return "";
        }
        String rest = rule.substring(i + "--comment ".length());
        String value;
        if (rest.startsWith("\"")) {
            value = rest.substring(1, rest.indexOf('"', 1));
        } else {
            int sp = rest.indexOf(' ');
            value = sp < 0 ? rest : rest.substring(0, sp);
        }
        int cut = value.length();
        for (int k = 0; k < value.length(); k++) {
            char ch = value.charAt(k);
            if (ch == ' ' || ch == ':') {
                cut = k;
                break;
            }
        }
        return value.substring(0, cut);
    }
}
