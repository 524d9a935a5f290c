package io.podnet.viewer.model;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What clicking a device shows: its namespace's tables at one moment, as the commands an operator
 * would type print them: {@code ip route} (configured, then the routes a routing daemon installed
 * by then, marked), {@code ip neigh}, {@code bridge fdb}, {@code conntrack -L} and
 * {@code ip -s link} counters for every device of the namespace (the clicked one first). The
 * configuration gives the tables before the run; {@link TablesAt} adds what the run changed.
 */
public record DeviceTables(String namespace, String device, int upTo, List<Section> sections) {
    /** One table: its command line and its lines. */
    public record Section(String title, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    public DeviceTables {
        sections = List.copyOf(sections);
    }

    /** The section whose title starts with {@code prefix}, or null. */
    public Section section(String prefix) {
        for (Section s : sections) {
            if (s.title().startsWith(prefix)) {
                return s;
            }
        }
        return null;
    }

    /** The tables of {@code namespace} (clicked at {@code device}, may be null) after events {@code [0, upTo]}. */
    public static DeviceTables of(NetworkConfig network, List<TraceEvent> trace, int upTo, String namespace,
            String device) {
        return of(network, TablesAt.of(trace, upTo, namespace), upTo, device);
    }

    /** The tables of {@code t}'s namespace (clicked at {@code device}, may be null) given what the run changed by {@code upTo}. */
    public static DeviceTables of(NetworkConfig network, TablesAt t, int upTo, String device) {
        String namespace = t.namespace();
        NamespaceConfig ns = network == null ? null : network.namespace(namespace);
        List<Section> out = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        if (ns != null) {
            for (RouteConfig rc : ns.routes()) {
                routes.add(rc.text());
            }
        }
        for (String r : t.learnedRoutes()) {
            if (!routes.contains(r)) {
                routes.add(r + (r.contains("proto") ? "" : "   (learned)"));
            }
        }
        out.add(new Section("ip route", routes));
        List<String> neigh = new ArrayList<>();
        if (ns != null) {
            for (NeighbourConfig c : ns.neighbours()) {
                neigh.add(c.ip() + " dev " + c.device() + " lladdr " + c.mac() + " PERMANENT");
            }
        }
        neigh.addAll(t.neighbours());
        out.add(new Section("ip neigh", neigh));
        List<String> fdb = new ArrayList<>();
        if (ns != null) {
            for (FdbConfig c : ns.fdb()) {
                fdb.add(c.mac() + " dev " + c.device() + (c.destination() == null ? "" : " dst " + c.destination())
                        + " self permanent");
            }
        }
        for (String f : t.fdb()) {
            if (!fdb.contains(f)) {
                fdb.add(f);
            }
        }
        out.add(new Section("bridge fdb", fdb));
        out.add(new Section("conntrack -L", t.conntrack()));
        List<String> devs = new ArrayList<>();
        if (ns != null) {
            for (InterfaceConfig i : ns.interfaces()) {
                devs.add(i.name());
            }
        }
        for (String d : t.counters().keySet()) {
            if (!devs.contains(d)) {
                devs.add(d);
            }
        }
        if (device != null && devs.remove(device)) {
            devs.add(0, device);
        }
        List<String> counters = new ArrayList<>();
        for (String d : devs) {
            TablesAt.Counters c = t.counters().getOrDefault(d, new TablesAt.Counters(0, 0, 0, 0, 0));
            counters.add(String.format(Locale.ROOT, "%-14s RX %d packets %d bytes   TX %d packets %d bytes   dropped %d",
                    d, c.rxPackets(), c.rxBytes(), c.txPackets(), c.txBytes(), c.drops()));
        }
        out.add(new Section("ip -s link (counters)", counters));
        return new DeviceTables(namespace, device, upTo, out);
    }

    /** The counters as a map (device to counters), for tests and reports. */
    public static Map<String, TablesAt.Counters> counters(List<TraceEvent> trace, int upTo, String namespace) {
        return TablesAt.of(trace, upTo, namespace).counters();
    }
}
