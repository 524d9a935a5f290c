package io.podnet.dataplane.compare;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Rules} for kube-proxy's nftables transaction text: every {@code dnat to IP:PORT} target,
 * and the endpoints a Service address could be translated to (from its {@code service-ips} /
 * {@code service-nodeports} element, following {@code goto}/{@code jump} to the endpoint chains).
 */
public final class NftRules {
    private static final Pattern DNAT = Pattern.compile("meta l4proto (\\w+) dnat to (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)");
    private static final Pattern RULE = Pattern.compile("^add rule ip \\S+ (\\S+) (.*)$");
    private static final Pattern TARGET = Pattern.compile("\\b(?:goto|jump) (\\S+)");

    private NftRules() {}

    public static Set<Rules.Target> dnatTargets(String text) {
        Set<Rules.Target> out = new java.util.LinkedHashSet<>();
        Matcher m = DNAT.matcher(text);
        while (m.find()) {
            out.add(new Rules.Target(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
        }
        return out;
    }

    /** {@code ip:port} endpoints {@code dst:port/protocol} may be translated to (empty when none). */
    public static Set<String> endpointsFor(String text, String protocol, String dst, int port) {
        Set<String> out = new TreeSet<>();
        for (String rule : reachedRules(text, protocol, dst, port)) {
            Matcher d = DNAT.matcher(rule);
            if (d.find()) {
                out.add(d.group(2) + ":" + d.group(3));
            }
        }
        return out;
    }

    /**
     * Whether {@code dst:port/protocol} has ClientIP session affinity: a rule on its way sends a source
     * found in an affinity set straight to its endpoint ({@code ip saddr @affinity-... goto endpoint-...}).
     */
    public static boolean stickyFor(String text, String protocol, String dst, int port) {
        return reachedRules(text, protocol, dst, port).stream().anyMatch(r -> r.contains("ip saddr @"));
    }

    /** Every rule of the chains {@code dst:port/protocol}'s service-ips element leads to. */
    private static List<String> reachedRules(String text, String protocol, String dst, int port) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        String key = "service-ips { " + dst + " . " + protocol + " . " + port + " : goto ";
        String start = null;
        for (String line : text.split("\n")) {
            Matcher r = RULE.matcher(line);
            if (r.matches()) {
                rules.computeIfAbsent(r.group(1), k -> new java.util.ArrayList<>()).add(r.group(2));
            }
            int at = line.indexOf(key);
            if (at >= 0) {
                String rest = line.substring(at + key.length()).trim();
                start = rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' '));
            }
        }
        List<String> out = new java.util.ArrayList<>();
        if (start == null) {
            return out;
        }
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (!seen.add(c) || c.equals("mark-for-masquerade")) {
                continue;
            }
            for (String rule : rules.getOrDefault(c, List.of())) {
                out.add(rule);
                Matcher t = TARGET.matcher(rule);
                while (t.find()) {
                    todo.add(t.group(1));
                }
            }
        }
        return out;
    }
}
