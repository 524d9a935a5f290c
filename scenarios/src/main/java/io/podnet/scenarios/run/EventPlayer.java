package io.podnet.scenarios.run;

import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.NicDevice;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.EventKind;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.TopologyException;
import io.podnet.topology.build.ClusterObjects;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import java.util.Map;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays a scenario's {@code events} on a running simulation, in two steps per event:
 * <ol>
 * <li>at {@code at}, the data plane changes: a failed node's namespace and every pod namespace on it
 * stop sending and receiving ({@link SimNetwork#setNamespaceUp}); a link goes down on the node's
 * underlay NIC ({@link SimNetwork#setLinkUp}); a deleted pod's namespace (and so its veth) goes
 * down;</li>
 * <li>at {@code at + after}, the control plane has caught up: the endpoint view changes (a deleted
 * pod leaves its Services' endpoints; the pods of a node that is still failed or cut off become
 * not ready, as the node controller marks them after its grace period; a node that is back makes
 * them ready again), every node's iptables text is rendered again from that view by the same steps
 * that produced it at start ({@link RenderedCluster#rerender}: kube-proxy, the CNI's own rules,
 * NetworkPolicy chains), and each node whose text changed reloads it (conntrack is kept, as with
 * {@code iptables-restore}).</li>
 * </ol>
 * Each step is a {@code NOTE} trace event in the namespace of the node (or pod) concerned. The
 * control plane itself (API server, EndpointSlice controller, BGP) is not simulated packet by
 * packet: its delay is the event's {@code after}.
 */
final class EventPlayer {
    private final Cluster cluster;
    private final SimNetwork net;
    private final Netfilters netfilters;
    private final RenderedCluster rendered;
    private final Engine engine;
    private final Set<String> failed = new LinkedHashSet<>();
    private final Set<String> cutOff = new LinkedHashSet<>();
    private final Set<String> notReady = new LinkedHashSet<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private final io.podnet.sim.stack.bgp.BgpRuntime bgp;
    private final long offset;
    private final List<RuleReload> reloads = new ArrayList<>();
    /** The cluster's objects after each event of {@link #ordered} (the API server's state). */
    private List<ClusterObjects> states = List.of();
    private List<ScenarioEvent> ordered = List.of();
    /** The state Felix (pods, their labels, Namespaces, NetworkPolicies) and kube-proxy (Services) act on. */
    private Cluster felixView;
    private Cluster proxyView;

    EventPlayer(RenderedCluster rendered, SimNetwork net, Netfilters netfilters) {
        this(rendered, net, netfilters, null, 0);
    }

    /**
     * @param bgp    the running BGP control plane, or null: a failed node's speaker crashes with it
     * @param offset when scenario time 0 is on the engine's clock (after the control plane converged)
     */
    EventPlayer(RenderedCluster rendered, SimNetwork net, Netfilters netfilters,
                io.podnet.sim.stack.bgp.BgpRuntime bgp, long offset) {
        this.cluster = rendered.cluster();
        this.rendered = rendered;
        this.net = net;
        this.netfilters = netfilters;
        this.engine = net.engine();
        this.bgp = bgp;
        this.offset = offset;
        this.felixView = cluster;
        this.proxyView = cluster;
    }

    /**
     * The cluster's objects after each event, in time order (equal times in file order), as the API
     * server stores them: each {@code apply} and {@code delete} of an object is checked here, before
     * the run, and reported at the manifest or the target it is about.
     *
     * @throws ScenarioException when a change cannot be made, or the node agents could not render it
     */
    static List<ClusterObjects> states(RenderedCluster rc, List<ScenarioEvent> events) throws ScenarioException {
        List<ClusterObjects> out = new ArrayList<>();
        ClusterObjects now = ClusterObjects.of(rc.spec(), rc.seed(), rc.cluster());
        for (ScenarioEvent e : ordered(events)) {
            if (e.objectsOnly()) {
                SourceLocation at = e.location();
                try {
                    if (e.action() == ScenarioEvent.Action.APPLY) {
                        for (Resource r : e.manifests()) {
                            at = r.location();
                            now = now.apply(r.object());
                        }
                    } else {
                        at = e.targetLocation();
                        now = now.delete(KINDS.get(e.kind()), e.namespace(), e.name());
                    }
                    at = e.location();
                    rc.rerender(now.cluster()); // the node agents can render it (a policy they refuse fails here)
                } catch (TopologyException x) {
                    throw new ScenarioException(Diagnostic.error(at, "event " + e.action().key() + " " + e.target()
                            + ": " + x.getMessage()));
                }
            }
            out.add(now);
        }
        return out;
    }

    private static final Map<String, String> KINDS = Map.of("networkpolicy", "NetworkPolicy", "service", "Service",
            "endpointslice", "EndpointSlice");

    /** The events in time order, equal times in file order. */
    static List<ScenarioEvent> ordered(List<ScenarioEvent> events) {
        List<ScenarioEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(ScenarioEvent::atNanos));
        return ordered;
    }

    /** The rulesets reloaded so far, in order (for the dataplane check, which replays them). */
    List<RuleReload> reloads() {
        return List.copyOf(reloads);
    }

    /**
     * Schedules every event (sorted by time; equal times in file order) and each node agent's
     * reaction to it (sorted by time; equal times in event order).
     *
     * @param states the cluster's objects after each event, from {@link #states}
     */
    void schedule(List<ScenarioEvent> events, List<ClusterObjects> states) {
        this.ordered = ordered(events);
        this.states = List.copyOf(states);
        for (ScenarioEvent e : ordered) {
            engine.at(offset + e.atNanos(), () -> happen(e));
        }
        record Propagation(long at, int index) {}
        List<Propagation> byPropagation = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            for (long p : ordered.get(i).propagationsNanos()) {
                byPropagation.add(new Propagation(p, i));
            }
        }
        byPropagation.sort(Comparator.comparingLong(Propagation::at));
        for (Propagation p : byPropagation) {
            ScenarioEvent e = ordered.get(p.index());
            engine.at(offset + p.at(), () -> {
                if (e.objectsOnly()) {
                    agentsCatchUp(e, p.index(), p.at());
                } else {
                    propagate(e);
                }
            });
        }
    }

    private void happen(ScenarioEvent e) {
        String node = e.name();
        if (e.objectsOnly()) {
            List<String> who = new ArrayList<>();
            for (long p : e.propagationsNanos()) {
                who.add(agents(e, p) + " after " + Durations.format(p - e.atNanos()));
            }
            note(cluster.nodes().get(0).name(), "the API server stores " + e.action().key() + " " + e.target() + "; "
                    + String.join(", ", who) + " (the rules on the nodes do not change before)");
            return;
        }
        switch (e.action()) {
            case FAIL: {
                failed.add(node);
                if (bgp != null && bgp.speaker(node) != null) {
                    bgp.failNode(node); // its BGP speaker stops silently; peers notice by their hold timers
                }
                List<String> pods = setNodeUp(node, false);
                note(node, "node " + node + " fails: its namespace" + podsText(pods) + " stop sending and receiving;"
                        + " the control plane notices after " + Durations.format(e.afterNanos()));
                break;
            }
            case RESTORE: {
                failed.remove(node);
                List<String> pods = setNodeUp(node, true);
                note(node, "node " + node + " is restored: its namespace" + podsText(pods) + " work again");
                break;
            }
            case LINK_DOWN:
            case LINK_UP: {
                boolean up = e.action() == ScenarioEvent.Action.LINK_UP;
                if (up) {
                    cutOff.remove(node);
                } else {
                    cutOff.add(node);
                }
                List<String> nics = new ArrayList<>();
                for (NetDevice d : net.namespace(node).devices()) {
                    if (d instanceof NicDevice) {
                        net.setLinkUp(d.location(), up);
                        nics.add(d.name());
                    }
                }
                note(node, "the underlay link of node " + node + " (" + String.join(", ", nics) + ") goes "
                        + (up ? "up" : "down"));
                break;
            }
            case DELETE: {
                ClusterPod p = cluster.pod(e.namespace(), e.name());
                deleted.add(p.key());
                if (!p.hostNetwork()) {
                    net.setNamespaceUp(p.netns(), false);
                }
                note(p.hostNetwork() ? p.node() : p.netns(), "pod " + p.key() + " is deleted: its namespace and veth go"
                        + " down; kube-proxy updates the Service rules after " + Durations.format(e.afterNanos()));
                break;
            }
            default:
                break;
        }
    }

    /** Sets a node's namespace and those of its pods (deleted ones stay down); returns the pods. */
    private List<String> setNodeUp(String node, boolean up) {
        net.setNamespaceUp(node, up);
        List<String> pods = new ArrayList<>();
        for (ClusterPod p : cluster.podsOn(node)) {
            if (p.hostNetwork() || deleted.contains(p.key())) {
                continue;
            }
            NetNamespace ns = net.find(p.netns());
            if (ns != null) {
                ns.setUp(up);
                pods.add(p.name());
            }
        }
        return pods;
    }

    private static String podsText(List<String> pods) {
        return pods.isEmpty() ? "" : " and its pod" + (pods.size() == 1 ? " " : "s ") + String.join(", ", pods);
    }

    private void propagate(ScenarioEvent e) {
        String node = e.name();
        String why;
        switch (e.action()) {
            case FAIL:
            case LINK_DOWN:
                if (!failed.contains(node) && !cutOff.contains(node)) {
                    return; // back before the grace period ended: the node never went NotReady
                }
                if (!notReady.add(node)) {
                    return;
                }
                why = "node " + node + " is NotReady: its pods' endpoints are no longer ready";
                break;
            case RESTORE:
            case LINK_UP:
                if (failed.contains(node) || cutOff.contains(node) || !notReady.remove(node)) {
                    return;
                }
                why = "node " + node + " is Ready again: its pods' endpoints are ready";
                break;
            default:
                why = "pod " + e.namespace() + "/" + e.name() + " left its Services' endpoints";
                break;
        }
        List<String> reloaded = reload(e.propagatedAtNanos());
        note(e.action().targetKind().equals("node") ? node : cluster.pod(e.namespace(), e.name()).node(),
                why + (reloaded.isEmpty() ? "; no kube-proxy rule changes"
                        : "; kube-proxy reloads the rules of " + String.join(", ", reloaded)));
    }

    /**
     * A node agent has caught up with an {@code apply} or {@code delete} of objects: Felix (pods'
     * labels, Namespaces, NetworkPolicies) and/or kube-proxy (Services, EndpointSlices and the
     * endpoints that follow pod labels) now see the cluster as the API server stored it after event
     * {@code index} (never an older state than they saw); every node is rendered again and each node
     * whose rules changed reloads them as {@code iptables-restore} does, conntrack kept. A NOTE in
     * each such node says from when its new rules take effect.
     */
    private void agentsCatchUp(ScenarioEvent e, int index, long at) {
        Cluster state = states.get(index).cluster();
        boolean felix = felixActs(e, at);
        boolean proxy = proxyActs(e, at);
        if (felix && index > felixIndex) {
            felixIndex = index;
            felixView = state;
        }
        if (proxy && index > proxyIndex) {
            proxyIndex = index;
            proxyView = state;
        }
        String who = agents(e, at);
        String what = e.action().key() + " " + e.target() + " (at " + Durations.format(e.atNanos()) + ")";
        List<String> reloaded = reload(at);
        for (String n : reloaded) {
            note(n, who + " on " + n + " programs " + what + ": the new rules take effect now (iptables-restore;"
                    + " established connections keep their conntrack entries)");
        }
        if (reloaded.isEmpty()) {
            note(cluster.nodes().get(0).name(), who + " caught up with " + what + "; no node's rules change");
        }
    }

    /** Renders every node for {@link #view()} and reloads those whose rules changed; returns them. */
    private List<String> reload(long atNanos) {
        io.podnet.sim.config.NetworkConfig now = rendered.rerender(view()).network();
        List<String> reloaded = new ArrayList<>();
        for (ClusterNode n : cluster.nodes()) {
            if (netfilters.text(n.name()) == null) {
                continue;
            }
            io.podnet.sim.config.NamespaceConfig ns = now.namespace(n.name());
            boolean changed = false;
            if (netfilters.reload(n.name(), ns.iptables())) {
                changed = true;
                reloads.add(new RuleReload(atNanos, n.name(), ns.iptables()));
            }
            String nft = ns.nftables();
            if (nft != null && !nft.isBlank() && netfilters.reloadNft(n.name(), nft)) {
                changed = true; // kube-proxy's nftables mode: its table is reloaded too
                reloads.add(new RuleReload(atNanos, n.name(), nft));
            }
            if (!ns.ipvs().isEmpty()) {
                io.podnet.sim.config.InterfaceConfig dummy = ns.iface(io.podnet.topology.kubeproxy.ipvs.IpvsProxier.DUMMY);
                if (netfilters.reloadIpvs(n.name(), ns.ipvs(), dummy == null ? List.of() : dummy.addresses())) {
                    changed = true; // kube-proxy's IPVS mode: its virtual services and IP sets are synced too
                }
            }
            if (changed) {
                reloaded.add(n.name());
            }
        }
        return reloaded;
    }

    private int felixIndex = -1;
    private int proxyIndex = -1;

    /** Which agents act on {@code e} at scenario time {@code at}, for the trace. */
    private static String agents(ScenarioEvent e, long at) {
        boolean felix = felixActs(e, at);
        boolean proxy = proxyActs(e, at);
        return felix && proxy ? "Felix and kube-proxy" : felix ? "Felix" : "kube-proxy";
    }

    /** Felix acts on NetworkPolicies and on Namespace and Pod labels, at its own delay. */
    private static boolean felixActs(ScenarioEvent e, long at) {
        boolean concerned = e.kind().equals("networkpolicy") || e.manifests().stream().anyMatch(r ->
                r.kind().equals("NetworkPolicy") || r.kind().equals("Namespace") || r.kind().equals("Pod"));
        return concerned && at == e.propagationsNanos().get(0);
    }

    /** kube-proxy acts on Services, EndpointSlices and Pod labels, at {@code at + after}. */
    private static boolean proxyActs(ScenarioEvent e, long at) {
        boolean concerned = e.kind().equals("service") || e.kind().equals("endpointslice") || e.manifests().stream()
                .anyMatch(r -> r.kind().equals("Service") || r.kind().equals("EndpointSlice") || r.kind().equals("Pod"));
        return concerned && at == e.propagatedAtNanos();
    }

    /**
     * The cluster as the node agents see it now: pods (with their labels), Namespaces and
     * NetworkPolicies as Felix last saw them, Services and EndpointSlices as kube-proxy last saw
     * them; deleted pods gone, pods on NotReady nodes not ready.
     */
    private Cluster view() {
        List<ClusterPod> pods = new ArrayList<>();
        for (ClusterPod p : felixView.pods()) {
            if (!deleted.contains(p.key())) {
                pods.add(p);
            }
        }
        List<ClusterService> services = new ArrayList<>();
        for (ClusterService s : proxyView.services()) {
            List<ClusterServicePort> ports = new ArrayList<>();
            for (ClusterServicePort sp : s.ports()) {
                List<ServiceEndpoint> eps = new ArrayList<>();
                for (ServiceEndpoint ep : sp.endpoints()) {
                    ClusterPod p = podOf(ep);
                    if (p != null && deleted.contains(p.key())) {
                        continue;
                    }
                    String node = p != null ? p.node() : ep.node();
                    if (notReady.contains(node)) {
                        eps.add(new ServiceEndpoint(ep.ip(), ep.port(), ep.node(), ep.pod(), false, false, false));
                    } else {
                        eps.add(ep);
                    }
                }
                ports.add(new ClusterServicePort(sp.name(), sp.protocol(), sp.port(), sp.targetPort(), sp.nodePort(), eps));
            }
            services.add(s.withPorts(ports));
        }
        return new Cluster(cluster.nodes(), pods, services, proxyView.endpointSlices(), felixView.namespaces(),
                felixView.networkPolicies(), cluster.serviceCidr(), cluster.clusterCidr(), cluster.clusterDomain(),
                cluster.warnings());
    }

    private ClusterPod podOf(ServiceEndpoint ep) {
        if (!ep.pod().isEmpty()) {
            int slash = ep.pod().indexOf('/');
            ClusterPod p = slash < 0 ? null : cluster.pod(ep.pod().substring(0, slash), ep.pod().substring(slash + 1));
            if (p != null) {
                return p;
            }
        }
        return cluster.podByIp(ep.ip());
    }

    private void note(String namespace, String text) {
        net.tracer().emit(-1, null, namespace, null, EventKind.NOTE, "scenario event: " + text, null, null, null);
    }
}
