package io.podnet.viewer.model;

import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace's tables as they were at one moment of the run, rebuilt from the trace up to that
 * event: the routes a routing daemon (BIRD) installed or removed (ROUTE events on the node's
 * {@code bird} device), the neighbours resolved and the conntrack entries created. The rendered
 * configuration holds only the tables before the run; these are what the run added to them.
 */
public record TablesAt(String namespace, List<String> learnedRoutes, List<String> neighbours, List<String> conntrack) {
    public TablesAt {
        learnedRoutes = List.copyOf(learnedRoutes);
        neighbours = List.copyOf(neighbours);
        conntrack = List.copyOf(conntrack);
    }

    /** The tables of {@code namespace} after events {@code [0, upTo]} of {@code trace}. */
    public static TablesAt of(List<TraceEvent> trace, int upTo, String namespace) {
        Map<String, String> routes = new LinkedHashMap<>();
        Map<String, String> neigh = new LinkedHashMap<>();
        Map<String, String> ct = new LinkedHashMap<>();
        if (namespace != null) {
            for (int i = 0; i <= upTo && i < trace.size(); i++) {
                TraceEvent e = trace.get(i);
                if (!namespace.equals(e.namespace())) {
                    continue;
                }
                Decision d = e.decision();
                if (d instanceof Decision.RouteMatch r && "bird".equals(e.device())) {
                    String prefix = r.text().split(" ", 2)[0];
                    String x = e.explanation().toLowerCase(java.util.Locale.ROOT);
                    if (x.contains("withdraw") || x.contains("removes") || x.contains("deletes")) {
                        routes.remove(prefix);
                    } else {
                        routes.put(prefix, r.text());
                    }
                } else if (d instanceof Decision.Neighbour n) {
                    neigh.put(n.ip() + " " + n.device(), n.ip() + " dev " + n.device() + " lladdr " + n.mac() + " " + n.state());
                } else if (d instanceof Decision.Conntrack c) {
                    ct.put(c.original(), c.original() + "  reply " + c.reply() + "  " + c.state());
                }
            }
        }
        return new TablesAt(namespace, new ArrayList<>(routes.values()), new ArrayList<>(neigh.values()),
                new ArrayList<>(ct.values()));
    }

    /** Nothing learned (the configuration's tables only). */
    public static TablesAt none(String namespace) {
        return new TablesAt(namespace, List.of(), List.of(), List.of());
    }
}
