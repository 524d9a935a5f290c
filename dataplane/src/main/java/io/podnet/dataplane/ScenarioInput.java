package io.podnet.dataplane;

import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RuleReload;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a scenario file into a {@link VerifyInput}: loads and simulates it ({@code Podnet.load},
 * {@code Podnet.run}), resolves each traffic item to the address and port the client dials, and
 * opens real servers exactly where the simulator opened its sockets.
 */
public final class ScenarioInput {
    private ScenarioInput() {}

    public static VerifyInput load(Path file, Long seed) {
        return load(file, seed, null, io.podnet.sim.cost.CostProfile.defaults());
    }

    /** As {@link #load(Path, Long)}, simulating under the cost profile {@code profile}. */
    public static VerifyInput load(Path file, Long seed, io.podnet.sim.cost.CostProfile profile) {
        return load(file, seed, null, profile);
    }

    /** As {@link #load(Path, Long)}, under another kube-proxy mode when {@code kubeProxy} is not null. */
    public static VerifyInput load(Path file, Long seed, String kubeProxy) {
        return load(file, seed, null, kubeProxy, io.podnet.sim.cost.CostProfile.defaults());
    }

    /**
     * The scenario's run, under another kube-proxy mode when {@code kubeProxy} is not null, simulated
     * under the cost profile {@code profile}.
     */
    public static VerifyInput load(Path file, Long seed, String kubeProxy, io.podnet.sim.cost.CostProfile profile) {
        return load(file, seed, null, kubeProxy, profile);
    }

    /**
     * Loads and simulates {@code file} under design {@code cni} (null: the file's), kube-proxy mode
     * {@code kubeProxy} (null: the file's) and cost {@code profile} (null: the default profile).
     */
    public static VerifyInput load(Path file, Long seed, String cni, String kubeProxy,
                                   io.podnet.sim.cost.CostProfile profile) {
        if (!Files.isRegularFile(file)) {
            throw new VerifyException(VerifyException.BAD_INPUT, file + ": no such file");
        }
        RunResult run;
        try {
            LoadedScenario s = Podnet.withKubeProxy(Podnet.load(file), kubeProxy);
            run = Podnet.run(s, seed, cni, profile == null ? io.podnet.sim.cost.CostProfile.defaults() : profile);
        } catch (ScenarioException e) {
            StringBuilder sb = new StringBuilder("the scenario has errors:");
            for (Diagnostic d : e.errors()) {
                sb.append("\n  ").append(d.render());
            }
            throw new VerifyException(VerifyException.BAD_INPUT, sb.toString());
        } catch (RuntimeException e) {
            throw new VerifyException(VerifyException.BAD_INPUT, "the simulator could not run " + file + ": " + e.getMessage());
        }
        return fromRun(run);
    }

    /** The verification input of a finished simulator run. */
    public static VerifyInput fromRun(RunResult run) {
        Cluster cluster = run.cluster();
        List<TrafficItem> items = new ArrayList<>();
        Map<String, String> notCheckable = new LinkedHashMap<>();
        Map<String, List<String>> outcomes = new LinkedHashMap<>();
        Map<String, List<String>> served = new LinkedHashMap<>();
        Set<Listener> listeners = new LinkedHashSet<>();
        Map<String, String> netnsByPodName = new LinkedHashMap<>();
        for (ClusterPod p : cluster.pods()) {
            netnsByPodName.putIfAbsent(p.name(), p.netns());
        }
        for (io.podnet.scenarios.model.TrafficItem t : run.scenario().traffic()) {
            ClusterPod from = cluster.pod(t.from().namespace(), t.from().name());
            Ipv4Address dst = destination(t.to(), cluster);
            // A node's or external host's client runs in that namespace (the runner's cluster.external hosts).
            String clientNetns = from != null ? from.netns() : t.from().pod() ? null : t.from().name();
            if (clientNetns == null || dst == null || t.protocol() == Protocol.SCTP) {
                notCheckable.put(t.name(), t.protocol() == Protocol.SCTP
                        ? "not checkable: the kernel check has no SCTP client yet (and needs the sctp module)"
                        : "not checkable: " + t.to() + " has no address in this cluster");
                items.add(new TrafficItem(t.name(), t.protocol().text(), clientNetns == null ? "" : clientNetns,
                        Ipv4Address.ANY, 0, 0, 0, Math.max(1, t.count()), 0));
                continue;
            }
            // the Host header the simulator's HTTP client writes (scenarios' ScenarioRunner)
            String host = t.to().name() + (t.to().port() == 80 ? "" : ":" + t.to().port());
            items.add(new TrafficItem(t.name(), t.protocol().text(), clientNetns, dst, t.to().port(),
                    (int) Math.min(Integer.MAX_VALUE, t.requestBytes()), (int) Math.min(Integer.MAX_VALUE, t.responseBytes()),
                    Math.max(1, t.count()), t.intervalNanos() / 1_000_000,
                    host.matches("[A-Za-z0-9._:-]{1,260}") ? host : null));
            List<String> o = new ArrayList<>();
            List<String> sv = new ArrayList<>();
            for (FlowResult f : run.flowsOf(t.name())) {
                o.add(f.outcome().text());
                sv.add(f.servedBy() == null ? null : netnsByPodName.getOrDefault(f.servedBy(), f.servedBy()));
            }
            outcomes.put(t.name(), o);
            served.put(t.name(), sv);
            if (t.protocol() != Protocol.ICMP) {
                listeners.addAll(servers(t, cluster));
            }
        }
        Map<String, List<VerifyInput.KernelEvent>> before = events(run, cluster, notCheckable);
        // run.network() is what the simulator realised, MTU overrides and DF included
        return new VerifyInput(run.scenarioName(), run.network(), items, run.trace(), outcomes, notCheckable, served,
                new ArrayList<>(listeners), null, before);
    }

    /**
     * Maps the scenario's events onto its traffic items. The kernel replays an event's data-plane step
     * (a node failing, a link, a pod deletion) before the first item that starts after it, and its
     * control-plane step - kube-proxy's rules rewritten at {@code at + after} - by loading, with
     * {@code iptables-restore}, the very rulesets the simulator reloaded then. An item whose attempts
     * start on both sides of either step is not checkable: the kernel cannot change state between the
     * attempts of one item.
     */
    static Map<String, List<VerifyInput.KernelEvent>> events(RunResult run, Cluster cluster, Map<String, String> notCheckable) {
        List<ScenarioEvent> events = new ArrayList<>(run.scenario().events());
        events.sort(java.util.Comparator.comparingLong(ScenarioEvent::atNanos));
        Map<String, List<VerifyInput.KernelEvent>> out = new LinkedHashMap<>();
        Set<ScenarioEvent> applied = new LinkedHashSet<>();
        Set<Long> reloaded = new LinkedHashSet<>();
        for (io.podnet.scenarios.model.TrafficItem t : run.scenario().traffic()) {
            long first = t.atNanos();
            long last = t.atNanos() + (long) Math.max(0, t.count() - 1) * t.intervalNanos();
            List<VerifyInput.KernelEvent> now = new ArrayList<>();
            for (ScenarioEvent e : events) {
                String when = e.action().key() + " " + e.target() + " at " + Durations.format(e.atNanos());
                String rewrote = e.objectsOnly() ? "the node agents rewrote their rules" : "kube-proxy rewrote its rules";
                Long across = null; // a rule rewrite between this item's first and last attempt
                for (long p : e.propagationsNanos()) {
                    if (p > first && p <= last && across == null) {
                        across = p;
                    }
                }
                if (e.atNanos() > first && e.atNanos() <= last) {
                    notCheckable.putIfAbsent(t.name(), "not checkable: its attempts start both before and after " + when);
                } else if (across != null) {
                    notCheckable.putIfAbsent(t.name(), "not checkable: its attempts start both before and after"
                            + " " + rewrote + " for " + when + " (at " + Durations.format(across) + ")");
                } else if (e.atNanos() <= first && !applied.contains(e)) {
                    if (e.objectsOnly()) {
                        applied.add(e); // nothing changes in the data plane until the agents reload
                    } else {
                        VerifyInput.KernelEvent k = kernelEvent(e, cluster, when, run);
                        if (k == null) {
                            notCheckable.putIfAbsent(t.name(), "not checkable: " + when + " names nothing in this cluster");
                        } else {
                            now.add(k);
                            applied.add(e);
                        }
                    }
                } else if (e.atNanos() > first && applied.contains(e)) {
                    notCheckable.putIfAbsent(t.name(), "not checkable: it starts before " + when
                            + ", which an earlier item already needed replayed in the kernel");
                }
                for (long propagated : e.propagationsNanos()) {
                    if (propagated <= first && !reloaded.contains(propagated) && applied.contains(e)) {
                        Map<String, String> rules = new LinkedHashMap<>();
                        for (RuleReload r : run.ruleReloads()) {
                            if (r.atNanos() == propagated) {
                                // a later reload of one namespace wins; its iptables and nftables texts are
                                // kept apart (key "NS" and "NS nft"), both reloaded
                                String key = io.podnet.dataplane.safety.Names.looksLikeNft(r.text()) ? r.namespace() + EventReplay.NFT : r.namespace();
                                rules.put(key, r.text());
                            }
                        }
                        reloaded.add(propagated);
                        if (!rules.isEmpty()) {
                            List<String> names = rules.keySet().stream().map(EventReplay::namespaceOf).distinct()
                                    .toList();
                            now.add(new VerifyInput.KernelEvent("reload", new ArrayList<>(names), propagated,
                                    (e.objectsOnly() ? "the node agents' rules after " : "kube-proxy's rules after ") + when
                                            + " (reloaded at " + Durations.format(propagated) + " in "
                                            + String.join(", ", names) + ")", rules, null));
                        }
                    } else if (propagated > last && reloaded.contains(propagated)) {
                        notCheckable.putIfAbsent(t.name(), "not checkable: it runs before " + rewrote + " for "
                                + when + ", which an earlier item already needed replayed in the kernel");
                    }
                }
            }
            if (!now.isEmpty()) {
                out.put(t.name(), now);
            }
        }
        return out;
    }

    private static VerifyInput.KernelEvent kernelEvent(ScenarioEvent e, Cluster cluster, String text, RunResult run) {
        List<String> ns = new ArrayList<>();
        if (e.action().targetKind().equals("node")) {
            if (cluster.node(e.name()) == null) {
                return null;
            }
            ns.add(e.name());
            if (e.action() == ScenarioEvent.Action.FAIL || e.action() == ScenarioEvent.Action.RESTORE) {
                for (ClusterPod p : cluster.podsOn(e.name())) {
                    if (!p.hostNetwork()) {
                        ns.add(p.netns());
                    }
                }
            }
        } else {
            ClusterPod p = cluster.pod(e.namespace().isEmpty() ? "default" : e.namespace(), e.name());
            if (p == null || p.hostNetwork()) {
                return null;
            }
            ns.add(p.netns());
        }
        return new VerifyInput.KernelEvent(e.action().key(), ns, e.atNanos(), text, Map.of(),
                VerifyInput.KernelEvent.takesDown(e.action().key()) ? neighbourCaches(run, ns, run.originNanos() + e.atNanos()) : VerifyInput.NeighbourCaches.NONE);
    }

    /**
     * What the simulator's other namespaces had cached, at trace time {@code at}, for the addresses of
     * {@code dark} (the namespaces about to go down): the last entry each learned (REACHABLE or STALE)
     * and did not lose (FAILED) before then.
     */
    static VerifyInput.NeighbourCaches neighbourCaches(RunResult run, List<String> dark, long at) {
        Set<String> addresses = new java.util.TreeSet<>();
        for (String name : dark) {
            NamespaceConfig ns = run.network().namespace(name);
            if (ns == null) {
                continue;
            }
            for (InterfaceConfig i : ns.interfaces()) {
                i.addresses().forEach(a -> addresses.add(a.address().toString()));
            }
        }
        Map<String, VerifyInput.NeighbourCaches.Cached> cached = new java.util.TreeMap<>();
        for (io.podnet.sim.trace.TraceEvent t : run.trace()) {
            if (t.time() >= at) {
                break;
            }
            if (!(t.decision() instanceof io.podnet.sim.trace.Decision.Neighbour n) || dark.contains(t.namespace())
                    || !addresses.contains(n.ip())) {
                continue;
            }
            String key = t.namespace() + " " + n.device() + " " + n.ip();
            if (n.state().equals("REACHABLE") || n.state().equals("STALE")) {
                cached.put(key, new VerifyInput.NeighbourCaches.Cached(t.namespace(), n.ip(), n.mac(), n.device()));
            } else if (n.state().equals("FAILED") || n.state().equals("INCOMPLETE")) {
                cached.remove(key);
            }
        }
        return new VerifyInput.NeighbourCaches(new ArrayList<>(addresses), new ArrayList<>(cached.values()));
    }

    private static void endpointListeners(List<Listener> out, Cluster cluster, ClusterServicePort sp, String proto) {
        if (sp == null) {
            return;
        }
        for (ServiceEndpoint ep : sp.endpoints()) {
            ClusterPod p = cluster.podByIp(ep.ip());
            if (p != null) {
                out.add(new Listener(p.netns(), proto, ep.port()));
            }
        }
    }

    /** Where the simulator listened for this item: the target pod, or each endpoint pod of the Service. */
    static List<Listener> servers(io.podnet.scenarios.model.TrafficItem t, Cluster cluster) {
        String proto = t.protocol() == Protocol.UDP ? "udp" : "tcp";
        List<Listener> out = new ArrayList<>();
        Target to = t.to();
        switch (to.kind()) {
            case POD: {
                ClusterPod p = cluster.pod(to.namespace(), to.name());
                if (p != null) {
                    out.add(new Listener(p.netns(), proto, to.port()));
                }
                break;
            }
            case SERVICE:
            case LOADBALANCER: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                ClusterServicePort sp = svc == null ? null : svc.port(to.port(), proto.toUpperCase(java.util.Locale.ROOT));
                endpointListeners(out, cluster, sp, proto);
                break;
            }
            case NODE: { // a NodePort: the endpoint pods of the Service owning it
                for (ClusterService svc : cluster.services()) {
                    for (ClusterServicePort sp : svc.ports()) {
                        if (sp.nodePort() == to.port() && sp.protocol().equalsIgnoreCase(proto)) {
                            endpointListeners(out, cluster, sp, proto);
                        }
                    }
                }
                break;
            }
            case IP: {
                ClusterPod p = cluster.podByIp(Ipv4Address.parse(to.name()));
                if (p != null) {
                    out.add(new Listener(p.netns(), proto, to.port()));
                }
                break;
            }
            default:
                break;
        }
        return out;
    }

    private static Ipv4Address destination(Target to, Cluster cluster) {
        switch (to.kind()) {
            case POD: {
                ClusterPod p = cluster.pod(to.namespace(), to.name());
                return p == null ? null : p.ip();
            }
            case SERVICE: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                return svc == null || svc.headless() ? null : svc.clusterIp();
            }
            case IP:
                return Ipv4Address.parse(to.name());
            case NODE: {
                io.podnet.topology.model.ClusterNode n = cluster.node(to.name());
                return n == null ? null : n.address();
            }
            case LOADBALANCER: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                return svc == null || svc.loadBalancerIps().isEmpty() ? null : svc.loadBalancerIps().get(0);
            }
            default:
                return null;
        }
    }
}
