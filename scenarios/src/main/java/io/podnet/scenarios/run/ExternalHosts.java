package io.podnet.scenarios.run;

import io.podnet.scenarios.model.ExternalHost;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
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
 *
 * <p>Hosts with {@code behind: router} sit on their own subnet (one segment {@code external-N} per
 * distinct subnet, with the underlay's link figures) behind the namespace {@value #ROUTER}: the
 * underlay's gateway router, holding the underlay's {@code .1} (the nodes' default gateway) on
 * {@code eth0} and each subnet's first host address on {@code eth1}, {@code eth2}, ... with
 * {@code ip_forward} on. It routes the subnets (connected) and every LoadBalancer ingress IP and
 * Service external IP ({@code /32} via the first node, as the network in front of the cluster hands
 * them on); the nodes reach the subnets through their default route. It does not NAT, so the pods see
 * the hosts' own addresses. A host behind it has the connected route and a default route via the
 * router's address on its subnet.
 */
final class ExternalHosts {
    /** The namespace of the underlay's gateway router that external hosts sit behind. */
    static final String ROUTER = "edge-router";

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
        List<ExternalHost> behind = new ArrayList<>();
        for (ExternalHost h : hosts) {
            if (h.behindRouter()) {
                behind.add(h);
                continue;
            }
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
        List<io.podnet.sim.config.SegmentConfig> segments = new ArrayList<>();
        if (!behind.isEmpty()) {
            routerAndSubnets(rc, s, behind, names, problems, added, segments);
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return rc.withHosts(added, segments);
    }

    /** The gateway router, the subnets behind it and their hosts (see the class comment). */
    private static void routerAndSubnets(RenderedCluster rc, Scenario s, List<ExternalHost> behind, List<String> names,
                                         List<Diagnostic> problems, List<NamespaceConfig> added,
                                         List<io.podnet.sim.config.SegmentConfig> segments) {
        List<ClusterNode> nodes = rc.cluster().nodes();
        Ipv4Prefix segment = nodes.get(0).underlay();
        io.podnet.sim.config.SegmentConfig underlay = null;
        for (io.podnet.sim.config.SegmentConfig c : rc.network().segments()) {
            if (c.name().equals(ClusterRenderer.SEGMENT)) {
                underlay = c;
            }
        }
        if (names.contains(ROUTER)) {
            problems.add(Diagnostic.error(behind.get(0).location(), "hosts behind the router need the namespace name "
                    + ROUTER + ", which a node, pod or external host already has; rename it"));
            return;
        }
        names.add(ROUTER);
        java.util.Map<Ipv4Prefix, List<ExternalHost>> bySubnet = new java.util.LinkedHashMap<>();
        java.util.Map<String, Ipv4Prefix> taken = new java.util.LinkedHashMap<>();
        taken.put("the underlay " + segment, segment);
        taken.put("the pod network " + rc.cluster().clusterCidr(), rc.cluster().clusterCidr());
        taken.put("the service CIDR " + rc.cluster().serviceCidr(), rc.cluster().serviceCidr());
        for (ExternalHost h : behind) {
            Ipv4Prefix net = h.subnet();
            String clash = null;
            for (java.util.Map.Entry<String, Ipv4Prefix> e : taken.entrySet()) {
                if (e.getValue().overlaps(net)) {
                    clash = e.getKey();
                }
            }
            for (Ipv4Prefix other : bySubnet.keySet()) {
                if (!other.equals(net) && other.overlaps(net)) {
                    clash = "the subnet " + other + " of another external host";
                }
            }
            if (clash != null) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " is behind the router on "
                        + net + ", which overlaps " + clash + "; pick a separate subnet such as 198.51.100.0/24"));
                continue;
            }
            if (names.contains(h.name())) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " has the name of a node,"
                        + " router or pod namespace; rename it"));
                continue;
            }
            if (h.address().equals(net.host(0)) || h.address().equals(net.broadcast()) || h.address().equals(net.host(1))) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " has address " + h.address()
                        + ", which is the network, broadcast or router address (" + net.host(1) + ") of " + net
                        + "; pick another host address of it"));
                continue;
            }
            boolean dup = false;
            for (List<ExternalHost> l : bySubnet.values()) {
                for (ExternalHost o : l) {
                    dup |= o.address().equals(h.address());
                }
            }
            if (dup) {
                problems.add(Diagnostic.error(h.location(), "external host " + h.name() + " has address " + h.address()
                        + ", which another external host already uses; pick a free address of " + net));
                continue;
            }
            names.add(h.name());
            bySubnet.computeIfAbsent(net, k -> new ArrayList<>()).add(h);
        }
        if (!problems.isEmpty() || bySubnet.isEmpty()) {
            return;
        }
        int mtu = s.cluster().underlay().mtu();
        NamespaceDraft r = new NamespaceDraft(ROUTER, "router", ROUTER);
        Ipv4Address gw = nodes.get(0).gateway();
        r.addInterface(new InterfaceConfig.Nic("eth0", MacAddress.derived(ROUTER + "/eth0"), mtu,
                List.of(new Ipv4Prefix(gw, segment.length())), ClusterRenderer.SEGMENT));
        r.addRoute(RouteConfig.connected(segment, "eth0", gw));
        int i = 0;
        for (java.util.Map.Entry<Ipv4Prefix, List<ExternalHost>> e : bySubnet.entrySet()) {
            i++;
            Ipv4Prefix net = e.getKey();
            String seg = "external-" + i;
            String dev = "eth" + i;
            Ipv4Address routerIp = net.host(1);
            segments.add(new io.podnet.sim.config.SegmentConfig(seg, net, underlay.bandwidthBitsPerSecond(),
                    underlay.latencyNanos(), underlay.mtu(), underlay.queuePackets()));
            r.addInterface(new InterfaceConfig.Nic(dev, MacAddress.derived(ROUTER + "/" + dev), mtu,
                    List.of(new Ipv4Prefix(routerIp, net.length())), seg));
            r.addRoute(RouteConfig.connected(net, dev, routerIp));
            for (ExternalHost h : e.getValue()) {
                NamespaceDraft d = new NamespaceDraft(h.name(), "external", h.name());
                d.addInterface(new InterfaceConfig.Nic("eth0", MacAddress.derived(h.name() + "/eth0"), mtu,
                        List.of(new Ipv4Prefix(h.address(), net.length())), seg));
                d.addRoute(RouteConfig.connected(net, "eth0", h.address()));
                d.addRoute(RouteConfig.via(Ipv4Prefix.DEFAULT, routerIp, "eth0", false));
                added.add(d.build());
            }
        }
        // what the network in front of the cluster hands to a node: LoadBalancer ingress and external IPs
        java.util.TreeSet<Ipv4Address> front = new java.util.TreeSet<>(java.util.Comparator.comparing(Ipv4Address::toString));
        for (io.podnet.topology.model.ClusterService svc : rc.cluster().services()) {
            front.addAll(svc.loadBalancerIps());
            front.addAll(svc.externalIps());
        }
        for (Ipv4Address a : front) {
            r.addRoute(RouteConfig.via(new Ipv4Prefix(a, 32), nodes.get(0).address(), "eth0", false));
        }
        r.sysctls(new io.podnet.sim.config.Sysctls(true, List.of(), false, 0));
        added.add(0, r.build());
    }
}
