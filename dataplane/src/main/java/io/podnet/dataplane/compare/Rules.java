package io.podnet.dataplane.compare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code verify} needs from an {@code iptables-restore} nat table: every DNAT target (so
 * each endpoint gets a real server on its target port), and the endpoints a Service address could be
 * translated to (to judge the spread over repeated connections).
 */
public final class Rules {
    /** A DNAT target: protocol, address and port. */
    public record Target(String protocol, String ip, int port) {}

    private static final Pattern TO = Pattern.compile("--to-destination ([0-9.]+):(\\d+)");
    private static final Pattern PROTO = Pattern.compile("(?:^|\\s)-p (tcp|udp|sctp)");
    private static final Pattern DPORT = Pattern.compile("--dport (\\d+)");
    private static final Pattern DST = Pattern.compile("(?:^|\\s)(!\\s+)?-d ([0-9.]+)(?:/(\\d+))?");
    private static final Pattern JUMP = Pattern.compile("(?:^|\\s)-[jg] (\\S+)");

    private Rules() {}

    private record Rule(String chain, String text) {}

    private static List<Rule> natRules(String text) {
        List<Rule> out = new ArrayList<>();
        boolean nat = false;
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.startsWith("*")) {
                nat = t.equals("*nat");
            } else if (nat && t.startsWith("-A ")) {
                int sp = t.indexOf(' ', 3);
                if (sp > 0) {
                    out.add(new Rule(t.substring(3, sp), t.substring(sp + 1)));
                }
            }
        }
        return out;
    }

    /** Every DNAT target in the text, in order of appearance. */
    public static Set<Target> dnatTargets(String text) {
        Set<Target> out = new LinkedHashSet<>();
        for (Rule r : natRules(text)) {
            Matcher m = TO.matcher(r.text());
            if (r.text().contains("-j DNAT") && m.find()) {
                Matcher p = PROTO.matcher(r.text());
                out.add(new Target(p.find() ? p.group(1) : "tcp", m.group(1), Integer.parseInt(m.group(2))));
            }
        }
        return out;
    }

    /**
     * The DNAT targets a packet to {@code dst:port} may reach from {@code KUBE-SERVICES}, following
     * jumps whose {@code -d}, {@code -p} and {@code --dport} do not exclude it. Empty when unknown.
     */
    public static Set<String> endpointsFor(String text, String protocol, String dst, int port) {
        Set<String> out = new TreeSet<>();
        for (String rule : reachable(text, protocol, dst, port)) {
            Matcher to = TO.matcher(rule);
            if (rule.contains("-j DNAT") && to.find()) {
                out.add(to.group(1) + ":" + to.group(2));
            }
        }
        return out;
    }

    /**
     * Whether the Service reached by {@code dst:port} has {@code sessionAffinity: ClientIP}: a rule
     * on the way checks kube-proxy's {@code -m recent --rcheck} list, so a client's attempts (within
     * the affinity timeout) all go to the endpoint its first attempt picked.
     */
    public static boolean stickyFor(String text, String protocol, String dst, int port) {
        for (String rule : reachable(text, protocol, dst, port)) {
            if (rule.contains("-m recent") && rule.contains("--rcheck")) {
                return true;
            }
        }
        return false;
    }

    /** The nat rules a packet to {@code dst:port} can match, from KUBE-SERVICES down its jumps. */
    private static List<String> reachable(String text, String protocol, String dst, int port) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (Rule r : natRules(text)) {
            chains.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r.text());
        }
        List<String> out = new ArrayList<>();
        Set<String> visited = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add("KUBE-SERVICES");
        while (!todo.isEmpty()) {
            String chain = todo.poll();
            if (!visited.add(chain)) {
                continue;
            }
            for (String rule : chains.getOrDefault(chain, List.of())) {
                Matcher p = PROTO.matcher(rule);
                if (p.find() && !p.group(1).equals(protocol)) {
                    continue;
                }
                Matcher dp = DPORT.matcher(rule);
                if (dp.find() && Integer.parseInt(dp.group(1)) != port) {
                    continue;
                }
                Matcher d = DST.matcher(rule);
                if (d.find() && d.group(1) == null && !d.group(2).equals(dst)) {
                    continue;
                }
                out.add(rule);
                Matcher to = TO.matcher(rule);
                if (rule.contains("-j DNAT") && to.find()) {
                    continue;
                }
                Matcher j = JUMP.matcher(rule);
                if (j.find() && chains.containsKey(j.group(1)) && !j.group(1).equals("KUBE-MARK-MASQ")) {
                    todo.add(j.group(1));
                }
            }
        }
        return out;
    }
}
