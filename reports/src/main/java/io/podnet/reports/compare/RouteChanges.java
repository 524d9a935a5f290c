package io.podnet.reports.compare;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Route changes made while a run ran — a routing daemon programming or withdrawing routes — as the
 * trace shows them (sim-core's BIRD route sink: ROUTE events on {@code NODE/bird}): an event without
 * a packet ({@code packetId < 0}) whose decision is a {@link Decision.RouteMatch} (the route as
 * {@code ip route} prints it, {@code withdrawn ...} for a removal) and whose explanation says it
 * installed, added, replaced, removed, withdrew or deleted a route (not that it could not, or left
 * another route alone). A removal takes the route of that destination out; the others add or
 * replace it.
 */
final class RouteChanges {
    private RouteChanges() {}

    static boolean isRouteChange(TraceEvent e) {
        if (e.packetId() >= 0 || !(e.decision() instanceof Decision.RouteMatch)) {
            return false;
        }
        String x = e.explanation().toLowerCase(Locale.ROOT);
        if (x.contains("cannot") || x.contains(" alone")) {
            return false; // BIRD refused to install, or left another proto's route in place: nothing changed
        }
        return x.contains("install") || x.contains("replace") || x.contains("add") || isRemoval(e);
    }

    static boolean isRemoval(TraceEvent e) {
        String x = e.explanation().toLowerCase(Locale.ROOT);
        return x.contains("withdr") || x.contains("delet") || x.contains("remov");
    }

    /** The destination of the changed route: the first word of its text ({@code default} or a prefix). */
    static String destination(Decision.RouteMatch m) {
        String text = m.text().strip();
        String[] words = text.split("\\s+");
        int i = 0;
        while (i < words.length - 1
                && List.of("withdrawn", "unicast", "blackhole", "unreachable", "local").contains(words[i])) {
            i++;
        }
        return words.length == 0 ? "" : words[i];
    }

    /** Per namespace: routes in the table after the run minus routes in its rendered table. */
    static Map<String, Integer> netChangePerNamespace(List<TraceEvent> trace, NetworkConfig network) {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        for (TraceEvent e : trace) {
            if (!isRouteChange(e)) {
                continue;
            }
            Set<String> table = tables.computeIfAbsent(e.namespace(), ns -> initial(network.namespace(ns)));
            String dst = destination((Decision.RouteMatch) e.decision());
            if (isRemoval(e)) {
                table.remove(dst);
            } else {
                table.add(dst);
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        tables.forEach((ns, table) -> {
            NamespaceConfig c = network.namespace(ns);
            out.put(ns, table.size() - (c == null ? 0 : initial(c).size()));
        });
        return out;
    }

    private static Set<String> initial(NamespaceConfig c) {
        Set<String> s = new LinkedHashSet<>();
        if (c != null) {
            for (RouteConfig r : c.routes()) {
                s.add(r.destination().length() == 0 ? "default" : r.destination().toString());
            }
        }
        return s;
    }

    /** Route changes at or after {@code fromNanos}. */
    static int count(List<TraceEvent> trace, long fromNanos) {
        int n = 0;
        for (TraceEvent e : trace) {
            if (e.time() >= fromNanos && isRouteChange(e)) {
                n++;
            }
        }
        return n;
    }

    /** The time of the last route change at or after {@code fromNanos}, or -1. */
    static long last(List<TraceEvent> trace, long fromNanos) {
        long last = -1;
        for (TraceEvent e : trace) {
            if (e.time() >= fromNanos && isRouteChange(e)) {
                last = e.time();
            }
        }
        return last;
    }
}
