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
 * that produced it at start ({@link RuleRenderer}: kube-proxy, the CNI's own rules, NetworkPolicy
 * chains), and each node whose text changed reloads it (conntrack is kept, as with
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
    private final RuleRenderer rules;
    private final Engine engine;
    private final Set<String> failed = new LinkedHashSet<>();
    private final Set<String> cutOff = new LinkedHashSet<>();
    private final Set<String> notReady = new LinkedHashSet<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private final io.podnet.sim.stack.bgp.BgpRuntime bgp;
    private final long offset;
    private final List<RuleReload> reloads = new ArrayList<>();

    EventPlayer(Cluster cluster, SimNetwork net, Netfilters netfilters, RuleRenderer rules) {
        this(cluster, net, netfilters, rules, null, 0);
    }

    /**
     * @param bgp    the running BGP control plane, or null: a failed node's speaker crashes with it
     * @param offset when scenario time 0 is on the engine's clock (after the control plane converged)
     */
    EventPlayer(Cluster cluster, SimNetwork net, Netfilters netfilters, RuleRenderer rules,
                io.podnet.sim.stack.bgp.BgpRuntime bgp, long offset) {
        this.cluster = cluster;
        this.net = net;
        this.netfilters = netfilters;
        this.rules = rules;
        this.engine = net.engine();
        this.bgp = bgp;
        this.offset = offset;
    }

    /** The rulesets reloaded so far, in order (for the dataplane check, which replays them). */
    List<RuleReload> reloads() {
        return List.copyOf(reloads);
    }

    /** Schedules every event (sorted by time; equal times in file order). */
    void schedule(List<ScenarioEvent> events) {
        List<ScenarioEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(ScenarioEvent::atNanos));
        for (ScenarioEvent e : ordered) {
            engine.at(offset + e.atNanos(), () -> happen(e));
        }
        List<ScenarioEvent> byPropagation = new ArrayList<>(ordered);
        byPropagation.sort(Comparator.comparingLong(ScenarioEvent::propagatedAtNanos));
        for (ScenarioEvent e : byPropagation) {
            engine.at(offset + e.propagatedAtNanos(), () -> propagate(e));
        }
    }

    private void happen(ScenarioEvent e) {
        String node = e.name();
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
        Cluster view = view();
        List<String> reloaded = new ArrayList<>();
        for (ClusterNode n : cluster.nodes()) {
            if (netfilters.text(n.name()) == null) {
                continue;
            }
            String[] texts = rules.both(view, n);
            String text = texts[0];
            boolean changed = netfilters.reload(n.name(), text);
            if (!texts[1].isBlank()) {
                changed |= netfilters.reloadNft(n.name(), texts[1]);
                text = texts[1];
            }
            if (changed) {
                reloaded.add(n.name());
                reloads.add(new RuleReload(e.propagatedAtNanos(), n.name(), text));
            }
        }
        note(e.action().targetKind().equals("node") ? node : cluster.pod(e.namespace(), e.name()).node(),
                why + (reloaded.isEmpty() ? "; no kube-proxy rule changes"
                        : "; kube-proxy reloads the rules of " + String.join(", ", reloaded)));
    }

    /** The cluster as kube-proxy sees it now: deleted pods gone, pods on NotReady nodes not ready. */
    private Cluster view() {
        List<ClusterPod> pods = new ArrayList<>();
        for (ClusterPod p : cluster.pods()) {
            if (!deleted.contains(p.key())) {
                pods.add(p);
            }
        }
        List<ClusterService> services = new ArrayList<>();
        for (ClusterService s : cluster.services()) {
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
            services.add(new ClusterService(s.namespace(), s.name(), s.type(), s.clusterIp(), s.externalIps(), s.selector(),
                    s.sessionAffinity(), s.affinityTimeout(), s.externalTrafficPolicy(), s.internalTrafficPolicy(),
                    s.healthCheckNodePort(), ports));
        }
        return new Cluster(cluster.nodes(), pods, services, cluster.endpointSlices(), cluster.namespaces(),
                cluster.networkPolicies(), cluster.serviceCidr(), cluster.clusterCidr(), cluster.clusterDomain(),
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
