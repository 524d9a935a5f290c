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
 * {@code bird} device), the neighbours resolved, the FDB entries the bridges and VXLAN devices
 * used, the conntrack entries created, and per-device counters (packets and bytes received and
 * sent, packets dropped; what {@code ip -s link} counts). The rendered configuration holds only the
 * tables before the run; these are what the run added to them.
 */
public record TablesAt(String namespace, List<String> learnedRoutes, List<String> neighbours, List<String> conntrack,
        List<String> fdb, Map<String, Counters> counters) {
    /** One device's counters; {@code drops} counts DROP events at the device (or in the namespace for "-"). */
    public record Counters(long rxPackets, long rxBytes, long txPackets, long txBytes, long drops) {
        Counters plus(long rxP, long rxB, long txP, long txB, long d) {
            return new Counters(rxPackets + rxP, rxBytes + rxB, txPackets + txP, txBytes + txB, drops + d);
        }
    }

    public TablesAt {
        learnedRoutes = List.copyOf(learnedRoutes);
        neighbours = List.copyOf(neighbours);
        conntrack = List.copyOf(conntrack);
        fdb = List.copyOf(fdb);
        counters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counters));
    }

    public TablesAt(String namespace, List<String> learnedRoutes, List<String> neighbours, List<String> conntrack) {
        this(namespace, learnedRoutes, neighbours, conntrack, List.of(), Map.of());
    }

    /**
     * The tables of {@code namespace} after events {@code [0, upTo]} of {@code trace} (one pass from
     * the start; {@link TableHistory} answers repeated questions without starting over).
     */
    public static TablesAt of(List<TraceEvent> trace, int upTo, String namespace) {
        Builder b = new Builder(namespace);
        if (namespace != null) {
            Traces.scan(trace, 0, upTo + 1, (i, e) -> b.accept(e));
        }
        return b.build();
    }

    /** A namespace's tables being rebuilt event by event, front to back. */
    static final class Builder {
        private final String namespace;
        private final Map<String, String> routes;
        private final Map<String, String> neigh;
        private final Map<String, String> ct;
        private final Map<String, String> fdb;
        private final Map<String, Counters> counters;

        Builder(String namespace) {
            this.namespace = namespace;
            routes = new LinkedHashMap<>();
            neigh = new LinkedHashMap<>();
            ct = new LinkedHashMap<>();
            fdb = new LinkedHashMap<>();
            counters = new java.util.TreeMap<>();
        }

        /** A copy of {@code b}'s state (for a checkpoint). */
        Builder(Builder b) {
            namespace = b.namespace;
            routes = new LinkedHashMap<>(b.routes);
            neigh = new LinkedHashMap<>(b.neigh);
            ct = new LinkedHashMap<>(b.ct);
            fdb = new LinkedHashMap<>(b.fdb);
            counters = new java.util.TreeMap<>(b.counters);
        }

        /** Adds one event (events of other namespaces change nothing). */
        void accept(TraceEvent e) {
            if (namespace == null || !namespace.equals(e.namespace())) {
                return;
            }
            Decision d = e.decision();
            String dev = e.device() == null ? "-" : e.device();
            if (e.kind() == io.podnet.sim.trace.EventKind.RX) {
                long bytes = e.packet() == null ? 0 : e.packet().length();
                counters.merge(dev, new Counters(1, bytes, 0, 0, 0), TablesAt::add);
            } else if (e.kind() == io.podnet.sim.trace.EventKind.TX) {
                long bytes = e.packet() == null ? 0 : e.packet().length();
                counters.merge(dev, new Counters(0, 0, 1, bytes, 0), TablesAt::add);
            } else if (e.kind() == io.podnet.sim.trace.EventKind.DROP) {
                counters.merge(dev, new Counters(0, 0, 0, 0, 1), TablesAt::add);
            }
            if (d instanceof Decision.FdbEntry f) {
                fdb.put(f.mac() + " " + f.device(), f.text());
            } else if (d instanceof Decision.RouteMatch r && "bird".equals(e.device())) {
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

        TablesAt build() {
            return new TablesAt(namespace, new ArrayList<>(routes.values()), new ArrayList<>(neigh.values()),
                    new ArrayList<>(ct.values()), new ArrayList<>(fdb.values()), counters);
        }
    }

    private static Counters add(Counters a, Counters b) {
        return a.plus(b.rxPackets(), b.rxBytes(), b.txPackets(), b.txBytes(), b.drops());
    }

    /** Nothing learned (the configuration's tables only). */
    public static TablesAt none(String namespace) {
        return new TablesAt(namespace, List.of(), List.of(), List.of());
    }
}
