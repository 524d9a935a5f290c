package io.podnet.dataplane;

import io.podnet.dataplane.capture.CaptureSet;
import io.podnet.dataplane.capture.CapturedFrame;
import io.podnet.dataplane.capture.Conntrack;
import io.podnet.dataplane.compare.Addresses;
import io.podnet.dataplane.compare.Comparator;
import io.podnet.dataplane.compare.FlowFacts;
import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.compare.FlowTiming;
import io.podnet.dataplane.compare.Hop;
import io.podnet.dataplane.compare.KernelFacts;
import io.podnet.dataplane.compare.Rules;
import io.podnet.dataplane.compare.SimulatedFacts;
import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.dataplane.safety.Names;
import io.podnet.dataplane.traffic.Attempt;
import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.dataplane.traffic.TrafficRunner;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-flow report part of {@code verify}: sends one traffic item with real tools while
 * capturing where the simulator's path ran, reads conntrack, and compares the kernel's facts with
 * the simulator's ({@link Comparator}) into a {@link FlowResult}. Also decides where real servers
 * listen.
 */
final class FlowCheck {
    private final CommandRunner runner;
    private final Verifier.Options options;
    private final Map<String, FlowTiming> timings = new java.util.LinkedHashMap<>();

    FlowCheck(CommandRunner runner, Verifier.Options options) {
        this.runner = runner;
        this.options = options;
    }

    FlowResult verifyItem(VerifyInput in, TrafficItem original, Rendering r, Addresses addresses,
                                  TrafficRunner traffic, Path work, int n) {
        TrafficItem item = original.count() > options.maxRepeats() ? original.withCount(options.maxRepeats()) : original;
        FlowFacts sim = SimulatedFacts.from(in.trace(), item, in.simOutcomes().get(item.name()),
                in.simServedBy().get(item.name()));
        NetworkConfig cfg = in.network();
        String sourceNode = cfg.namespace(item.source()).owner();
        // where to capture: the simulator's path, the client's interface, and the nodes' underlay NICs
        Set<String> locations = new LinkedHashSet<>();
        for (Hop h : sim.path()) {
            locations.add(h.location());
        }
        NamespaceConfig src = cfg.namespace(item.source());
        if (!src.interfaces().isEmpty()) {
            locations.add(item.source() + "/" + src.interfaces().get(0).name());
        }
        Set<String> nodes = new LinkedHashSet<>();
        for (String loc : locations) {
            NamespaceConfig ns = cfg.namespace(loc.substring(0, loc.indexOf('/')));
            if (ns != null && ns.owner() != null) {
                nodes.add(ns.owner());
            }
        }
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (nodes.contains(ns.name()) || cfg.namespaces().stream().filter(x -> "node".equals(x.role())).count() <= 10) {
                for (InterfaceConfig i : ns.interfaces()) {
                    if (i instanceof InterfaceConfig.Nic) {
                        locations.add(ns.name() + "/" + i.name());
                    }
                }
            }
        }
        List<CaptureSet.Point> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String loc : locations) {
            String nsName = loc.substring(0, loc.indexOf('/'));
            String dev = loc.substring(loc.indexOf('/') + 1);
            NamespaceConfig ns = cfg.namespace(nsName);
            if (ns == null || (ns.iface(dev) == null && !dev.equals("lo")) || !Names.isIfName(dev) && !dev.equals("lo")) {
                notes.add("cannot capture at " + loc + ": no such interface in the configuration");
                continue;
            }
            points.add(new CaptureSet.Point(r.real(nsName), dev, loc));
        }
        List<String> nodeNs = new ArrayList<>();
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (!ns.iptables().isBlank() || "node".equals(ns.role())) {
                nodeNs.add(ns.name());
            }
        }
        for (String ns : nodeNs) {
            runner.run(List.of("ip", "netns", "exec", r.real(ns), "conntrack", "-F"), null, Duration.ofSeconds(10));
        }
        CaptureSet captures = new CaptureSet(runner, work);
        captures.start(points, String.format("%02d-%s", n, item.name()));
        List<Attempt> attempts = traffic.run(item);
        sleep(300);
        Set<Integer> vxlanPorts = vxlanPorts(cfg);
        Map<String, List<CapturedFrame>> frames = notFlooded(cfg, captures.stop(vxlanPorts));
        notes.addAll(captures.problems());
        List<Conntrack.Entry> ct = new ArrayList<>();
        for (String ns : nodeNs) {
            CommandResult c = runner.run(List.of("ip", "netns", "exec", r.real(ns), "conntrack", "-L"), null,
                    Duration.ofSeconds(10));
            ct.addAll(Conntrack.parse(c.stdout()));
        }
        if (item.protocol().equals("http")) {
            attempts = httpServers(attempts, ct, item);
        }
        if (!sim.path().isEmpty() && !src.interfaces().isEmpty()) {
            String at = item.source() + "/" + src.interfaces().get(0).name();
            String serverAt = sim.path().get(sim.path().size() - 1).location();
            timings.put(item.name(), FlowTiming.of(at, sim.path().get(0).src(), serverAt, frames, in.trace(), item.name()));
        }
        FlowFacts kernel = KernelFacts.from(item, attempts, frames, ct, addresses, sim.pathEndpoint(),
                sim.path().stream().map(Hop::location).toList());
        Set<String> candidates = candidates(cfg, item, addresses);
        FlowResult res = Comparator.compare(item, sim, kernel, candidates, sourceNode, sticky(cfg, item));
        List<String> allNotes = new ArrayList<>(res.notes());
        allNotes.addAll(notes);
        if (original.count() > item.count()) {
            allNotes.add("the kernel ran " + item.count() + " of " + original.count() + " attempts (--max-repeats)");
        }
        return new FlowResult(res.name(), true, res.simulated(), res.kernel(), res.differences(), res.firstDivergence(),
                allNotes);
    }

    /**
     * Drops frames an underlay NIC only saw because the switch flooded them (unicast to another MAC,
     * neither from nor to this NIC): the host discards them, so they are not a hop of the path. A
     * Linux bridge floods after a port goes down and its learned entries are flushed.
     */
    static Map<String, List<CapturedFrame>> notFlooded(NetworkConfig cfg, Map<String, List<CapturedFrame>> frames) {
        Map<String, List<CapturedFrame>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<CapturedFrame>> e : frames.entrySet()) {
            String loc = e.getKey();
            int slash = loc.indexOf('/');
            NamespaceConfig ns = slash < 0 ? null : cfg.namespace(loc.substring(0, slash));
            InterfaceConfig nic = ns == null ? null : ns.iface(loc.substring(slash + 1));
            if (!(nic instanceof InterfaceConfig.Nic)) {
                out.put(loc, e.getValue());
                continue;
            }
            List<CapturedFrame> kept = new ArrayList<>();
            for (CapturedFrame f : e.getValue()) {
                io.podnet.sim.wire.EthernetHeader eth = f.packet() == null ? null
                        : f.packet().first(io.podnet.sim.wire.EthernetHeader.class);
                boolean foreign = eth != null && !eth.dst().isBroadcast() && !eth.dst().isMulticast()
                        && !eth.dst().equals(nic.mac()) && !eth.src().equals(nic.mac());
                if (!foreign) {
                    kept.add(f);
                }
            }
            out.put(loc, kept);
        }
        return out;
    }

    /**
     * HTTP answers are the simulator's bytes and do not name the server: the endpoint of each
     * attempt is the conntrack entry's reply source for the client's port (after DNAT), else the
     * address dialled.
     */
    static List<Attempt> httpServers(List<Attempt> attempts, List<Conntrack.Entry> ct, TrafficItem item) {
        List<Attempt> out = new ArrayList<>();
        for (Attempt a : attempts) {
            String server = a.server();
            if (server == null && ("delivered".equals(a.outcome()) || "truncated".equals(a.outcome()))) {
                server = item.dst().toString();
                for (Conntrack.Entry e : ct) {
                    if (e.protocol().equals("tcp") && e.origSport() == a.localPort() && e.origDport() == item.port()
                            && e.origDst().equals(item.dst().toString()) && e.replySrc() != null) {
                        server = e.replySrc();
                    }
                }
            }
            out.add(new Attempt(a.index(), a.outcome(), a.localPort(), server, a.ttl(), a.detail()));
        }
        return out;
    }

    /** The endpoint namespaces the item's destination can be translated to, or null when it is not a Service. */
    static Set<String> candidates(NetworkConfig cfg, TrafficItem item, Addresses addresses) {
        if (item.transport().equals("icmp")) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (ns.name().equals(cfg.namespace(item.source()).owner()) && !ns.iptables().isBlank()) {
                for (String ep : Rules.endpointsFor(ns.iptables(), item.transport(), item.dst().toString(), item.port())) {
                    out.add(addresses.name(ep.substring(0, ep.indexOf(':'))));
                }
            }
            if (ns.name().equals(cfg.namespace(item.source()).owner()) && !ns.nftables().isBlank()) {
                for (String ep : io.podnet.dataplane.compare.NftRules.endpointsFor(ns.nftables(), item.transport(),
                        item.dst().toString(), item.port())) {
                    out.add(addresses.name(ep.substring(0, ep.indexOf(':'))));
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Whether the item's destination is a Service with ClientIP session affinity in the client node's rules. */
    static boolean sticky(NetworkConfig cfg, TrafficItem item) {
        if (item.transport().equals("icmp")) {
            return false;
        }
        for (NamespaceConfig ns : cfg.namespaces()) {
            if (ns.name().equals(cfg.namespace(item.source()).owner()) && !ns.iptables().isBlank()
                    && Rules.stickyFor(ns.iptables(), item.transport(), item.dst().toString(), item.port())) {
                return true;
            }
            if (ns.name().equals(cfg.namespace(item.source()).owner()) && !ns.nftables().isBlank()
                    && io.podnet.dataplane.compare.NftRules.stickyFor(ns.nftables(), item.transport(),
                    item.dst().toString(), item.port())) {
                return true;
            }
        }
        return false;
    }

    /** Real servers: every DNAT target of every ruleset, every pod dialled directly, every simulated delivery. */
    static List<Listener> listeners(VerifyInput in, Addresses addresses) {
        if (!in.listeners().isEmpty()) {
            return in.listeners();
        }
        Set<Listener> out = new LinkedHashSet<>();
        NetworkConfig cfg = in.network();
        for (NamespaceConfig ns : cfg.namespaces()) {
            Set<Rules.Target> targets = new LinkedHashSet<>(Rules.dnatTargets(ns.iptables()));
            targets.addAll(io.podnet.dataplane.compare.NftRules.dnatTargets(ns.nftables()));
            for (Rules.Target t : targets) {
                String owner = addresses.name(t.ip());
                if (cfg.namespace(owner) != null && !t.protocol().equals("sctp")) {
                    out.add(new Listener(owner, t.protocol(), t.port()));
                }
            }
        }
        for (TrafficItem t : in.traffic()) {
            if (t.transport().equals("icmp")) {
                continue;
            }
            String owner = addresses.name(t.dst().toString());
            if (cfg.namespace(owner) != null && "pod".equals(cfg.namespace(owner).role())) {
                out.add(new Listener(owner, t.transport(), t.port()));
            }
        }
        for (TraceEvent e : in.trace()) {
            if (e.kind() != EventKind.DELIVER || e.packet() == null || cfg.namespace(e.namespace()) == null) {
                continue;
            }
            Packet p = e.packet();
            TcpHeader tcp = p.last(TcpHeader.class);
            UdpHeader udp = p.last(UdpHeader.class);
            if (tcp != null && tcp.has(TcpHeader.SYN) && !tcp.has(TcpHeader.ACK)) {
                out.add(new Listener(e.namespace(), "tcp", tcp.dstPort()));
            } else if (udp != null && tcp == null && in.traffic().stream().anyMatch(
                    t -> t.transport().equals("udp") && SimulatedFactsAccess.ofFlow(e, t.name())
                            && !t.source().equals(e.namespace()))) {
                out.add(new Listener(e.namespace(), "udp", udp.dstPort()));
            }
        }
        return new ArrayList<>(out);
    }

    static Set<Integer> vxlanPorts(NetworkConfig cfg) {
        Set<Integer> ports = new TreeSet<>();
        for (NamespaceConfig ns : cfg.namespaces()) {
            for (InterfaceConfig i : ns.interfaces()) {
                if (i instanceof InterfaceConfig.Vxlan x) {
                    ports.add(x.port());
                }
            }
        }
        if (ports.isEmpty()) {
            ports.add(8472);
        }
        return ports;
    }

    /** Kernel vs simulated latency of each flow verified so far, in order. */
    Map<String, FlowTiming> timings() {
        return java.util.Collections.unmodifiableMap(timings);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bridges to the package-private flow matcher without widening its API. */
    private static final class SimulatedFactsAccess {
        static boolean ofFlow(TraceEvent e, String name) {
            String f = e.flow();
            return f != null && (f.equals(name) || f.startsWith(name + "#") || f.startsWith(name + "/"));
        }
    }
}
