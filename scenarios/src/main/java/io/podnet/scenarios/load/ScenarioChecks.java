package io.podnet.scenarios.load;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.Origin;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules that span fields: names unique and valid, ranges that do not overlap and are large
 * enough, pods pinned to nodes that exist, Services and pods that traffic names, expectations that
 * name traffic. Each problem is reported at the field that causes it.
 */
final class ScenarioChecks {
    private final Scenario s;
    private final Diagnostics diags;
    private final ClusterSection c;
    private final boolean resourcesComplete;

    ScenarioChecks(Scenario s, Diagnostics diags, boolean resourcesComplete) {
        this.s = s;
        this.diags = diags;
        this.c = s.cluster();
        this.resourcesComplete = resourcesComplete;
    }

    /** Where a spec record (or its {@code field}) was written; the cluster section when it says nothing. */
    private SourceLocation at(Origin o, String field) {
        return at(o.at(field));
    }

    private SourceLocation at(Origin o) {
        SourceLocation l = SourceLocation.of(o);
        return l == null ? c.location() : l;
    }

    void check() {
        nodes();
        ranges();
        resources();
        traffic();
        events();
        expectations();
    }

    private void nodes() {
        Map<String, NodeSpec> seen = new LinkedHashMap<>();
        Map<Ipv4Address, NodeSpec> addrs = new LinkedHashMap<>();
        UnderlaySpec u = c.underlay();
        List<String> subnetNames = u.racks().stream().map(RackSpec::name).toList();
        subnets(u);
        Map<String, Integer> perSegment = new LinkedHashMap<>();
        for (NodeSpec n : c.nodes()) {
            String problem = Names.dns1123SubdomainProblem(n.name());
            if (problem != null) {
                diags.error(at(n.origin()), "node name '" + n.name() + "' " + problem
                        + "; expected a Kubernetes name such as node1");
            }
            if (seen.containsKey(n.name())) {
                diags.error(at(n.origin()), "duplicate node name '" + n.name() + "' (first at line "
                        + at(seen.get(n.name()).origin()).line() + "); node names must be unique");
            } else {
                seen.put(n.name(), n);
            }
            Ipv4Prefix segment = u.cidr();
            String segmentName = "the underlay";
            if (u.routed()) {
                RackSpec sub = n.rack() == null ? null : c.rack(n.rack());
                if (n.rack() == null) {
                    diags.error(at(n.origin()), "node " + n.name() + " names no subnet, but the underlay has several;"
                            + " add subnet: with one of " + String.join(", ", subnetNames));
                    continue;
                }
                if (sub == null) {
                    diags.error(at(n.origin(), "rack"), "node " + n.name() + " names unknown subnet '" + n.rack() + "'"
                            + Suggest.didYouMean(n.rack(), subnetNames) + "; subnets are: "
                            + String.join(", ", subnetNames));
                    continue;
                }
                segment = sub.cidr();
                segmentName = "subnet " + sub.name();
            } else if (n.rack() != null) {
                diags.error(at(n.origin(), "rack"), "node " + n.name() + " names subnet '" + n.rack() + "', but the"
                        + " underlay declares no subnets; add underlay.subnets or remove subnet:");
            }
            perSegment.merge(segmentName, 1, Integer::sum);
            if (n.address() != null) {
                if (!segment.contains(n.address()) || n.address().equals(segment.network())
                        || n.address().equals(segment.broadcast())) {
                    diags.error(at(n.origin()), "node " + n.name() + " address " + n.address() + " is not a host address"
                            + " of " + segmentName + " " + segment + "; expected an address inside it");
                }
                if (addrs.containsKey(n.address())) {
                    diags.error(at(n.origin()), "node " + n.name() + " has the same address " + n.address() + " as node "
                            + addrs.get(n.address()).name() + "; node addresses must be unique");
                } else {
                    addrs.put(n.address(), n);
                }
            }
            if (n.hasBgp() && !(c.cni() instanceof CalicoSpec)) {
                diags.warning(at(n.origin(), "bgp"), "node " + n.name() + " has bgp settings, which only Calico uses; they"
                        + " are ignored with " + c.cni().designName());
            }
        }
        // .1 is the gateway (or the rack's router); network and broadcast are not hosts.
        perSegment.forEach((name, count) -> {
            Ipv4Prefix p = name.equals("the underlay") ? u.cidr() : c.rack(name.substring(7)).cidr();
            long hosts = p.length() >= 31 ? 0 : p.size() - 3;
            if (count > hosts) {
                diags.error(at((name.equals("the underlay") ? u.origin() : c.rack(name.substring(7)).origin()), "cidr"),
                        name + " " + p + " has " + Math.max(0, hosts) + " node addresses but " + count
                        + " nodes are on it; use a larger cidr");
            }
        });
    }

    private void subnets(UnderlaySpec u) {
        Map<String, RackSpec> seen = new LinkedHashMap<>();
        for (RackSpec sub : u.racks()) {
            String problem = Names.dns1123LabelProblem(sub.name());
            if (problem != null) {
                diags.error(at(sub.origin()), "subnet name '" + sub.name() + "' " + problem + "; expected a name such"
                        + " as rack1");
            }
            if (seen.containsKey(sub.name())) {
                diags.error(at(sub.origin()), "duplicate subnet name '" + sub.name() + "'; subnet names must be unique");
            }
            if (sub.cidr().length() > 30) {
                diags.error(at(sub.origin(), "cidr"), "subnet " + sub.name() + " " + sub.cidr() + " is too small for a router"
                        + " and a node; use a /30 or larger");
            }
            if (sub.cidr().overlaps(u.cidr())) {
                diags.error(at(sub.origin(), "cidr"), "subnet " + sub.name() + " " + sub.cidr() + " overlaps the core segment "
                        + u.cidr() + " (underlay.cidr) that joins the racks' routers; choose disjoint ranges");
            }
            for (RackSpec other : seen.values()) {
                if (other.cidr().overlaps(sub.cidr())) {
                    diags.error(at(sub.origin(), "cidr"), "subnet " + sub.name() + " " + sub.cidr() + " overlaps subnet "
                            + other.name() + " " + other.cidr() + "; give each rack its own range");
                }
            }
            seen.putIfAbsent(sub.name(), sub);
        }
        if (u.routed() && u.cidr().size() - 2 < u.racks().size()) {
            diags.error(at(u.origin(), "cidr"), "the core segment " + u.cidr() + " has too few addresses for "
                    + u.racks().size() + " routers; use a larger underlay.cidr");
        }
    }

    /** Every underlay range: the segment (or core) and each subnet. */
    private List<Ipv4Prefix> underlayRanges() {
        List<Ipv4Prefix> out = new ArrayList<>();
        out.add(c.underlay().cidr());
        c.underlay().racks().forEach(sub -> out.add(sub.cidr()));
        return out;
    }

    private void ranges() {
        Ipv4Prefix svc = c.serviceCidr();
        for (Ipv4Prefix under : underlayRanges()) {
            if (svc.overlaps(under)) {
                diags.error(c.serviceCidrLocation(), "serviceCIDR " + svc + " overlaps the underlay " + under
                        + "; the ranges must be disjoint");
            }
        }
        Ipv4Prefix pods = CniDesigns.podNetwork(c.cni());
        SourceLocation podsAt = at(c.cni().origin(), "network");
        if (pods != null) {
            if (pods.overlaps(svc)) {
                diags.error(podsAt, "the pod network " + pods + " overlaps serviceCIDR " + svc
                        + "; the ranges must be disjoint");
            }
            for (Ipv4Prefix u : underlayRanges()) {
                if (pods.overlaps(u)) {
                    diags.error(podsAt, "the pod network " + pods + " overlaps the underlay " + u
                            + "; the ranges must be disjoint");
                }
            }
        }
        if (c.cni() instanceof FlannelSpec f) {
            if (f.subnetLen() <= pods.length()) {
                return; // the reader reported it (CniReader)
            }
            // Flannel hands out subnets from the second one (SubnetMin) to the last (SubnetMax).
            long subnets = (1L << Math.min(62, f.subnetLen() - pods.length())) - 1;
            if (c.nodes().size() > subnets) {
                diags.error(at(f.origin(), "network"), "the pod network " + pods + " with SubnetLen " + f.subnetLen()
                        + " holds " + subnets + " node subnet" + (subnets == 1 ? "" : "s") + " but the cluster has "
                        + c.nodes().size() + " nodes; use a larger network or a longer SubnetLen");
            }
        }
    }

    private void resources() {
        Map<String, Resource> seen = new LinkedHashMap<>();
        Map<String, Integer> pinned = new TreeMap<>();
        Map<Ipv4Address, Resource> podIps = new LinkedHashMap<>();
        Map<Ipv4Address, Resource> clusterIps = new LinkedHashMap<>();
        List<String> nodeNames = c.nodes().stream().map(NodeSpec::name).toList();
        for (Resource r : s.resources()) {
            String key = r.kind() + "/" + r.namespace() + "/" + r.name();
            if (seen.containsKey(key)) {
                diags.error(r.at("metadata", "name"), "duplicate " + r.kind() + " '" + r.name() + "' in namespace "
                        + r.namespace() + " (first at " + seen.get(key).at("metadata", "name")
                        + "); names must be unique per kind and namespace");
                continue;
            }
            seen.put(key, r);
            if (ResourceReader.isCalico(r)) {
                calicoResource(r);
                continue;
            }
            String problem = r.kind().equals("Service") || r.kind().equals("Namespace")
                    ? Names.dns1123LabelProblem(r.name()) : Names.dns1123SubdomainProblem(r.name());
            if (problem != null) {
                diags.error(r.at("metadata", "name"), r.kind() + " name '" + r.name() + "' " + problem
                        + "; expected a Kubernetes name such as my-app");
            }
            if (r.object() instanceof Pod p) {
                String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
                // hostNetwork pods hold no pod address: their IP is the node's (LiveObjectChecks).
                boolean host = p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork());
                if (node != null && host) {
                    if (!nodeNames.contains(node)) {
                        diags.error(r.at("spec", "nodeName"), "pod " + r.name() + " is pinned to unknown node '" + node
                                + "'" + Suggest.didYouMean(node, nodeNames) + "; nodes are: "
                                + String.join(", ", nodeNames));
                    }
                } else if (node != null) {
                    if (!nodeNames.contains(node)) {
                        diags.error(r.at("spec", "nodeName"), "pod " + r.name() + " is pinned to unknown node '" + node
                                + "'" + Suggest.didYouMean(node, nodeNames) + "; nodes are: "
                                + String.join(", ", nodeNames));
                    } else {
                        pinned.merge(node, 1, Integer::sum);
                    }
                }
                String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
                if (ip != null && !host) {
                    podIp(r, ip, podIps);
                }
            } else if (r.object() instanceof Deployment d) {
                String node = d.getSpec() == null || d.getSpec().getTemplate() == null
                        || d.getSpec().getTemplate().getSpec() == null ? null
                        : d.getSpec().getTemplate().getSpec().getNodeName();
                if (node != null && !nodeNames.contains(node)) {
                    diags.error(r.at("spec", "template", "spec", "nodeName"), "deployment " + r.name()
                            + " pins its pods to unknown node '" + node + "'" + Suggest.didYouMean(node, nodeNames)
                            + "; nodes are: " + String.join(", ", nodeNames));
                }
            } else if (r.object() instanceof Service svc) {
                service(r, svc, clusterIps);
            }
        }
        if (c.cni() instanceof FlannelSpec f && f.subnetLen() <= 30) {
            // host-local IPAM: network, gateway (.1 on cni0) and broadcast are not for pods.
            long perNode = (1L << (32 - f.subnetLen())) - 3;
            pinned.forEach((node, count) -> {
                if (count > perNode) {
                    diags.error(at(c.node(node).origin()), "node " + node + " has " + count + " pods pinned to it but its"
                            + " /" + f.subnetLen() + " pod subnet holds " + perNode + " (IPAM exhausted); use a shorter"
                            + " SubnetLen or spread the pods");
                }
            });
        }
    }

    private void calicoResource(Resource r) {
        if (!(c.cni() instanceof CalicoSpec)) {
            diags.error(r.at("kind"), "Calico " + r.kind() + " " + r.name() + " needs a Calico CNI (cni: {type: calico}"
                    + " or calico-bgp, calico-ipip, calico-vxlan...), but the cluster uses " + c.cni().designName()
                    + "; remove it or switch the CNI");
            return;
        }
        notModelled(r);
        if (r.kind().equals("Node")) {
            NodeSpec n = c.node(r.name());
            if (n == null) {
                List<String> nodeNames = c.nodes().stream().map(NodeSpec::name).toList();
                diags.error(r.at("metadata", "name"), "Calico Node " + r.name() + " is not a cluster node"
                        + Suggest.didYouMean(r.name(), nodeNames) + "; nodes are: " + String.join(", ", nodeNames));
            } else if (n.hasBgp()) {
                diags.error(r.at("metadata", "name"), "node " + r.name() + " has bgp settings both in cluster.nodes (line "
                        + at(n.origin(), "bgp").line() + ") and in this Calico Node resource; keep one");
            }
        }
    }

    /**
     * Calico spec fields podnet reads but that change nothing it simulates, by kind: each present one
     * is warned "accepted, not modelled" at its line (FelixConfiguration: every field; Felix's rules
     * are rendered with its defaults).
     */
    private static final Map<String, java.util.Set<String>> CALICO_NOT_MODELLED = Map.of(
            "BGPConfiguration", java.util.Set.of("logSeverityScreen", "serviceExternalIPs", "serviceLoadBalancerIPs",
                    "bindMode", "communities", "prefixAdvertisements", "ignoredInterfaces", "nodeMeshMaxRestartTime",
                    "nodeMeshPassword"),
            "IPPool", java.util.Set.of("allowedUses", "assignmentMode"),
            "BGPPeer", java.util.Set.of("keepOriginalNextHop", "password", "sourceAddress", "maxRestartTime",
                    "numAllowedLocalASNumbers", "ttlSecurity", "reachableBy", "filters", "localWorkloadSelector",
                    "nextHopMode", "reversePeering"),
            "IPAMConfiguration", java.util.Set.of("kubeVirtVMAddressPersistence"),
            "Node", java.util.Set.of("orchRefs", "wireguard", "ipv4VXLANTunnelAddr", "vxlanTunnelMACAddr", "addresses"));

    private void notModelled(Resource r) {
        if (!(r.source() instanceof io.podnet.scenarios.source.YNode.YMap m)
                || !(m.get("spec") instanceof io.podnet.scenarios.source.YNode.YMap spec)) {
            return;
        }
        boolean felix = r.kind().equals("FelixConfiguration");
        java.util.Set<String> fields = CALICO_NOT_MODELLED.getOrDefault(r.kind(), java.util.Set.of());
        for (io.podnet.scenarios.source.YNode.Entry e : spec.entries().values()) {
            if (felix || fields.contains(e.key())) {
                diags.warning(e.keyLocation(), r.kind() + " " + r.name() + ": spec." + e.key() + " is accepted, not"
                        + " modelled (podnet's simulation does not depend on it" + (felix ? "; Felix's rules are rendered"
                        + " with its defaults" : "") + ")");
            }
        }
    }

    private void podIp(Resource r, String ip, Map<Ipv4Address, Resource> podIps) {
        Ipv4Address a;
        try {
            a = ScenarioLoader.address(ip);
        } catch (IllegalArgumentException e) {
            diags.error(r.at("status", "podIP"), "status.podIP: " + e.getMessage());
            return;
        }
        Ipv4Prefix pods = CniDesigns.podNetwork(c.cni());
        if (pods != null && !pods.contains(a)) {
            diags.error(r.at("status", "podIP"), "pod " + r.name() + " IP " + a + " is outside the pod network "
                    + pods + "; expected an address inside it");
            return;
        }
        if (podIps.containsKey(a)) {
            diags.error(r.at("status", "podIP"), "pod " + r.name() + " has the same IP " + a + " as pod "
                    + podIps.get(a).name() + "; pod IPs must be unique");
        } else {
            podIps.put(a, r);
        }
    }

    private void service(Resource r, Service svc, Map<Ipv4Address, Resource> clusterIps) {
        if (svc.getSpec() == null) {
            diags.error(r.location(), "Service " + r.name() + " needs a spec with ports");
            return;
        }
        String ip = svc.getSpec().getClusterIP();
        if (ip != null && !ip.isEmpty() && !ip.equals("None")) {
            try {
                Ipv4Address a = ScenarioLoader.address(ip);
                if (!c.serviceCidr().contains(a)) {
                    diags.error(r.at("spec", "clusterIP"), "Service " + r.name() + " clusterIP " + a
                            + " is outside serviceCIDR " + c.serviceCidr() + "; expected an address inside it");
                } else if (clusterIps.containsKey(a)) {
                    diags.error(r.at("spec", "clusterIP"), "Service " + r.name() + " has the same clusterIP " + a
                            + " as Service " + clusterIps.get(a).name() + "; cluster IPs must be unique");
                } else {
                    clusterIps.put(a, r);
                }
            } catch (IllegalArgumentException e) {
                diags.error(r.at("spec", "clusterIP"), "spec.clusterIP: " + e.getMessage());
            }
        }
        String type = svc.getSpec().getType();
        if (type != null && !List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            diags.error(r.at("spec", "type"), "unknown Service type '" + type + "'" + Suggest.didYouMean(type,
                    List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"))
                    + "; expected ClusterIP, NodePort, LoadBalancer or ExternalName");
        }
        if ("ExternalName".equals(type)) {
            String en = svc.getSpec().getExternalName();
            if (en == null || en.isEmpty()) {
                diags.error(r.at("spec"), "Service " + r.name() + " is of type ExternalName but has no spec.externalName;"
                        + " expected a DNS name such as db.example.com");
            } else if (!EXTERNAL_NAME.matcher(en).matches() || en.length() > 254) {
                // the API server's check: a lowercase RFC 1123 subdomain (a trailing dot allowed)
                diags.error(r.at("spec", "externalName"), "Service " + r.name() + " has spec.externalName '" + en
                        + "', which is not a lowercase DNS name (RFC 1123 labels of a-z, 0-9 and '-', joined by dots);"
                        + " expected e.g. db.example.com");
            }
            return; // a DNS CNAME: no ports, no proxy rules
        }
        List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        if (ports.isEmpty()) {
            diags.error(r.at("spec"), "Service " + r.name() + " has no ports; expected spec.ports with at least one"
                    + " port");
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
                diags.error(r.at("spec", "ports", String.valueOf(i)), "Service " + r.name() + " port must be 1-65535");
            }
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!List.of("TCP", "UDP", "SCTP").contains(proto)) {
                diags.error(r.at("spec", "ports", String.valueOf(i), "protocol"), "unknown protocol '" + proto + "'"
                        + Suggest.didYouMean(proto, List.of("TCP", "UDP", "SCTP")) + "; expected TCP, UDP or SCTP");
            }
        }
        boolean selectsSomething = svc.getSpec().getSelector() == null || svc.getSpec().getSelector().isEmpty()
                || s.resources().stream().anyMatch(o -> o.namespace().equals(r.namespace())
                && selects(svc.getSpec().getSelector(), podLabels(o)));
        if (!selectsSomething) {
            diags.warning(r.at("spec", "selector"), "Service " + r.name() + " selects no pods; traffic to it is"
                    + " refused, as kube-proxy rejects Services without endpoints");
        }
    }

    static Map<String, String> podLabels(Resource r) {
        if (r.object() instanceof Pod p) {
            return p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        }
        if (r.object() instanceof Deployment d && d.getSpec() != null && d.getSpec().getTemplate() != null
                && d.getSpec().getTemplate().getMetadata() != null
                && d.getSpec().getTemplate().getMetadata().getLabels() != null) {
            return d.getSpec().getTemplate().getMetadata().getLabels();
        }
        return null;
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        if (labels == null) {
            return false;
        }
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void traffic() {
        Map<String, TrafficItem> seen = new LinkedHashMap<>();
        for (TrafficItem t : s.traffic()) {
            if (seen.containsKey(t.name())) {
                diags.error(t.location(), "duplicate traffic name '" + t.name() + "' (first at line "
                        + seen.get(t.name()).location().line() + "); traffic names must be unique");
            } else {
                seen.put(t.name(), t);
            }
            if (!resourcesComplete) {
                continue;
            }
            List<String> nodeNames = c.nodes().stream().map(NodeSpec::name).toList();
            List<String> hostNames = c.external().stream().map(io.podnet.scenarios.model.ExternalHost::name).toList();
            if (t.from().kind() == io.podnet.scenarios.model.Endpoint.Kind.NODE && !nodeNames.contains(t.from().name())) {
                diags.error(t.from().location(), "traffic " + t.name() + " starts from unknown node '" + t.from().name()
                        + "'" + Suggest.didYouMean(t.from().name(), nodeNames) + "; nodes are: " + String.join(", ", nodeNames));
            } else if (t.from().kind() == io.podnet.scenarios.model.Endpoint.Kind.EXTERNAL
                    && !hostNames.contains(t.from().name())) {
                diags.error(t.from().location(), "traffic " + t.name() + " starts from unknown external host '"
                        + t.from().name() + "'" + Suggest.didYouMean(t.from().name(), hostNames)
                        + "; declare it under cluster.external (- {name: " + t.from().name() + ", address: A.B.C.D})"
                        + (hostNames.isEmpty() ? "" : "; external hosts are: " + String.join(", ", hostNames)));
            } else if (t.from().pod() && !podExists(t.from().namespace(), t.from().name())) {
                diags.error(t.from().location(), "traffic " + t.name() + " starts from unknown pod '"
                        + t.from().name() + "'" + Suggest.didYouMean(t.from().name(), podNames()) + "; pods are: "
                        + String.join(", ", podNames()));
            }
            Target to = t.to();
            if (to.kind() == Target.Kind.POD && !podExists(to.namespace(), to.name())) {
                diags.error(to.location(), "traffic " + t.name() + " goes to unknown pod '" + to.name() + "'"
                        + Suggest.didYouMean(to.name(), podNames()) + "; pods are: " + String.join(", ", podNames()));
            }
            if (to.kind() == Target.Kind.NODE && !nodeNames.contains(to.name())) {
                diags.error(to.location(), "traffic " + t.name() + " goes to unknown node '" + to.name() + "'"
                        + Suggest.didYouMean(to.name(), nodeNames) + "; nodes are: " + String.join(", ", nodeNames));
            }
            if (to.kind() == Target.Kind.LOADBALANCER) {
                Resource lb = find("Service", to.namespace(), to.name());
                Service lbs = lb == null ? null : (Service) lb.object();
                boolean hasIngress = lbs != null && lbs.getStatus() != null && lbs.getStatus().getLoadBalancer() != null
                        && lbs.getStatus().getLoadBalancer().getIngress() != null
                        && lbs.getStatus().getLoadBalancer().getIngress().stream().anyMatch(i -> i.getIp() != null);
                if (lbs != null && (!"LoadBalancer".equals(lbs.getSpec().getType()) || !hasIngress)) {
                    diags.error(to.location(), "traffic " + t.name() + " goes to the load balancer of Service "
                            + to.name() + ", which " + (!"LoadBalancer".equals(lbs.getSpec().getType())
                            ? "is not of type LoadBalancer" : "has no status.loadBalancer.ingress IP")
                            + "; expected type: LoadBalancer with status: {loadBalancer: {ingress: [{ip: A.B.C.D}]}}");
                }
            }
            if (to.kind() == Target.Kind.SERVICE || to.kind() == Target.Kind.LOADBALANCER) {
                Resource svc = find("Service", to.namespace(), to.name());
                if (svc == null) {
                    List<String> names = s.resources().stream().filter(r -> r.kind().equals("Service"))
                            .map(Resource::name).toList();
                    diags.error(to.location(), "traffic " + t.name() + " goes to unknown Service '" + to.name() + "'"
                            + Suggest.didYouMean(to.name(), names) + "; Services are: "
                            + (names.isEmpty() ? "(none)" : String.join(", ", names)));
                } else if (t.protocol() != Protocol.ICMP) {
                    List<ServicePort> ports = ((Service) svc.object()).getSpec().getPorts();
                    List<String> portList = new ArrayList<>();
                    boolean found = false;
                    for (ServicePort p : ports == null ? List.<ServicePort>of() : ports) {
                        portList.add(String.valueOf(p.getPort()));
                        found |= p.getPort() != null && p.getPort() == to.port();
                    }
                    if (!found) {
                        diags.error(to.location(), "Service " + to.name() + " has no port " + to.port()
                                + "; its ports are: " + String.join(", ", portList));
                    }
                }
            }
        }
    }

    private void events() {
        List<String> nodeNames = c.nodes().stream().map(NodeSpec::name).toList();
        List<ScenarioEvent> ordered = new ArrayList<>(s.events());
        ordered.sort(java.util.Comparator.comparingLong(ScenarioEvent::atNanos)); // stable: file order at equal times
        java.util.Set<String> failed = new java.util.HashSet<>();
        java.util.Set<String> linkDown = new java.util.HashSet<>();
        for (ScenarioEvent e : ordered) {
            if (e.action().targetKind().equals("node")) {
                if (!nodeNames.contains(e.name())) {
                    diags.error(e.targetLocation(), "event " + e.action().key() + " names unknown node '" + e.name() + "'"
                            + Suggest.didYouMean(e.name(), nodeNames) + "; nodes are: " + String.join(", ", nodeNames));
                    continue;
                }
                switch (e.action()) {
                    case FAIL:
                        if (!failed.add(e.name())) {
                            diags.warning(e.location(), "node " + e.name() + " has already failed at this time; this"
                                    + " event changes nothing");
                        }
                        break;
                    case RESTORE:
                        if (!failed.remove(e.name())) {
                            diags.warning(e.location(), "node " + e.name() + " has not failed before this time; this"
                                    + " event changes nothing");
                        }
                        break;
                    case LINK_DOWN:
                        if (!linkDown.add(e.name())) {
                            diags.warning(e.location(), "the link of node " + e.name() + " is already down at this time;"
                                    + " this event changes nothing");
                        }
                        break;
                    case LINK_UP:
                        if (!linkDown.remove(e.name())) {
                            diags.warning(e.location(), "the link of node " + e.name() + " is not down before this time;"
                                    + " this event changes nothing");
                        }
                        break;
                    default:
                        break;
                }
            } else if (e.kind().equals("pod") && resourcesComplete && !podExists(e.namespace(), e.name())) {
                diags.error(e.targetLocation(), "event delete names unknown pod '" + e.name() + "'"
                        + Suggest.didYouMean(e.name(), podNames()) + "; pods are: " + String.join(", ", podNames()));
            }
        }
    }

    /** A lowercase RFC 1123 subdomain, optionally with the root's trailing dot (Service spec.externalName). */
    static final java.util.regex.Pattern EXTERNAL_NAME = java.util.regex.Pattern.compile(
            "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\\.?");

    private void expectations() {
        List<String> names = s.traffic().stream().map(TrafficItem::name).toList();
        for (Expectation x : s.allExpectations()) {
            if (!names.contains(x.traffic())) {
                diags.error(x.at("traffic"), "expectation " + (x.index() + 1) + " names unknown traffic '"
                        + x.traffic() + "'" + Suggest.didYouMean(x.traffic(), names) + "; traffic items are: "
                        + (names.isEmpty() ? "(none)" : String.join(", ", names)));
            }
            if (x.fieldLocations().size() == (x.kubeProxy() == null ? 1 : 2)) {
                diags.warning(x.location(), "expectation " + (x.index() + 1) + " checks nothing; add outcome,"
                        + " servedBy, encapsulation, path or maxLatency");
            }
        }
    }

    private boolean podExists(String ns, String name) {
        if (find("Pod", ns, name) != null) {
            return true;
        }
        // Deployment pods have generated names NAME-<hash>-<suffix>; accept any name under a Deployment.
        for (Resource r : s.resources()) {
            if (r.kind().equals("Deployment") && r.namespace().equals(ns) && name.startsWith(r.name() + "-")) {
                return true;
            }
        }
        return false;
    }

    private List<String> podNames() {
        List<String> out = new ArrayList<>();
        for (Resource r : s.resources()) {
            if (r.kind().equals("Pod")) {
                out.add(r.name());
            } else if (r.kind().equals("Deployment")) {
                out.add(r.name() + "-* (Deployment)");
            }
        }
        return out;
    }

    private Resource find(String kind, String ns, String name) {
        for (Resource r : s.resources()) {
            if (r.kind().equals(kind) && r.namespace().equals(ns) && r.name().equals(name)) {
                return r;
            }
        }
        for (ScenarioEvent e : s.events()) { // or applied during the run (the last manifest applied)
            for (Resource r : e.manifests()) {
                if (r.kind().equals(kind) && r.namespace().equals(ns) && r.name().equals(name)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The container port numbers of a pod (for resolving named target ports). */
    static Map<String, Integer> namedPorts(Pod p) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (p.getSpec() == null || p.getSpec().getContainers() == null) {
            return out;
        }
        for (Container ct : p.getSpec().getContainers()) {
            if (ct.getPorts() != null) {
                for (ContainerPort cp : ct.getPorts()) {
                    if (cp.getName() != null && cp.getContainerPort() != null) {
                        out.put(cp.getName(), cp.getContainerPort());
                    }
                }
            }
        }
        return out;
    }

}
