package io.podnet.scenarios.run;

import io.podnet.scenarios.model.ExternalHost;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosts of {@code cluster.external}: one namespace each (role {@code external}), {@code eth0} on
 * the underlay segment with the declared address, the connected route, and a default route via the
 * first node. That default route stands for the network in front of the cluster (a cloud load
 * balancer or a router announcing LoadBalancer IPs): packets to a LoadBalancer ingress IP or a
 * ClusterIP reach the first node, which kube-proxy's rules then handle; node addresses are reached
 * directly on the segment.
 */
final class ExternalHosts {
    private ExternalHosts() {}

    /** The rendered cluster with the external hosts' namespaces added after every other namespace. */
    static RenderedCluster attach(RenderedCluster rc, Scenario s) throws ScenarioException {
        List<ExternalHost> hosts = s.cluster().external();
        if (hosts.isEmpty()) {
            return rc;
        }
        if (s.cluster().underlay().routed()) {
            throw new ScenarioException(Diagnostic.error(hosts.get(0).location(), "external hosts need a single underlay"
                    + " segment; this cluster's underlay is routed (racks). Drop cluster.external or the racks"));
        }
        List<ClusterNode> nodes = rc.cluster().nodes();
        Ipv4Prefix segment = nodes.get(0).underlay();
        List<Diagnostic> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NamespaceConfig ns : rc.network().namespaces()) {
            names.add(ns.name());
        }
        List<NamespaceConfig> added = new ArrayList<>();
        for (ExternalHost h : hosts) {
            if (names.contains(h.name())) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " has the name of a node,"
                        + " router or pod namespace; rename it"));
                continue;
            }
            names.add(h.name());
            if (!segment.contains(h.address()) || h.address().equals(segment.host(0))
                    || h.address().equals(segment.broadcast())) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " has address " + h.address()
                        + ", which is not a host address of the underlay " + segment + "; pick one inside it"));
                continue;
            }
            String clash = null;
            for (ClusterNode n : nodes) {
                if (n.address().equals(h.address())) {
                    clash = "node " + n.name();
                }
            }
            if (h.address().equals(nodes.get(0).gateway())) {
                clash = "the underlay gateway";
            }
            for (ExternalHost other : hosts) {
                if (other != h && other.address().equals(h.address()) && hosts.indexOf(other) < hosts.indexOf(h)) {
                    clash = "external host " + other.name();
                }
            }
            if (clash != null) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " has address " + h.address()
                        + ", which " + clash + " already uses; pick a free address of " + segment));
                continue;
            }
            NamespaceDraft d = new NamespaceDraft(h.name(), "external", h.name());
            d.addInterface(new InterfaceConfig.Nic("eth0", MacAddress.derived(h.name() + "/eth0"),
                    s.cluster().underlay().mtu(), List.of(new Ipv4Prefix(h.address(), segment.length())),
                    ClusterRenderer.SEGMENT));
            d.addRoute(RouteConfig.connected(segment, "eth0", h.address()));
            d.addRoute(RouteConfig.via(Ipv4Prefix.DEFAULT, nodes.get(0).address(), "eth0", false));
            added.add(d.build());
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return rc.withHosts(added);
    }
}
