package io.podnet.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.Origin;
import java.util.Locale;

/**
 * Topology's {@link TopologyException}s as diagnostics at the scenario field of the object at fault.
 */
final class TopologyErrors {
    private TopologyErrors() {}

    /** The diagnostic for a topology error, at the field its subject names. */
    static Diagnostic diagnostic(Scenario s, TopologyException e) {
        return Diagnostic.error(locate(s, e.subject() == null ? "" : e.subject(), e.getMessage()), e.getMessage());
    }

    /** The Calico resource a topology subject ({@code ippool/NAME}, {@code node/NAME}...) names, or null. */
    private static Resource calicoResource(Scenario s, String subject, String message) {
        int slash = subject.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String kind = subject.substring(0, slash);
        String name = subject.substring(slash + 1);
        for (Resource r : s.resources()) {
            if (r.object() instanceof GenericKubernetesResource && r.kind().equalsIgnoreCase(kind) && r.name().equals(name)
                    && (!kind.equals("node") || message == null || message.startsWith("Node "))) {
                return r;
            }
        }
        return null;
    }

    /** The position of the spec field a topology message names (e.g. ipipMode), else the resource's name. */
    private static SourceLocation calicoField(Resource r, String message) {
        if (message != null && r.source() instanceof io.podnet.scenarios.source.YNode.YMap m
                && m.get("spec") instanceof io.podnet.scenarios.source.YNode.YMap spec) {
            for (String key : spec.entries().keySet()) {
                if (message.matches("(?s).*\\b" + java.util.regex.Pattern.quote(key) + "\\b.*")) {
                    return spec.get(key).location();
                }
            }
        }
        return r.at("metadata", "name");
    }

    static SourceLocation locate(Scenario s, String subject, String message) {
        ClusterSection c = s.cluster();
        Resource calico = calicoResource(s, subject, message);
        if (calico != null) {
            return calicoField(calico, message);
        }
        if (subject.startsWith("node/")) {
            var n = c.node(subject.substring(5));
            if (n != null && n.hasBgp() && message != null && message.startsWith("Node ")) {
                return at(s, n.origin().at("bgp"));
            }
            if (n != null) {
                return at(s, n.origin());
            }
        }
        if (subject.startsWith("cluster.cni")) {
            String rest = subject.toLowerCase(Locale.ROOT);
            Origin o = c.cni().origin();
            if (c.cni() instanceof FlannelSpec) {
                if (rest.contains("subnetlen")) {
                    return at(s, o.at("subnetLen"));
                }
                if (rest.contains("backend")) {
                    return at(s, o.at("backend"));
                }
                return at(s, o.at("network"));
            }
            return at(s, o);
        }
        if (subject.startsWith("cluster.underlay.racks.")) {
            var sub = c.rack(subject.substring("cluster.underlay.racks.".length()));
            if (sub != null) {
                return at(s, sub.origin().at("cidr"));
            }
        }
        if (subject.startsWith("cluster.underlay")) {
            return at(s, c.underlay().origin().at("cidr"));
        }
        if (subject.toLowerCase(Locale.ROOT).startsWith("cluster.servicecidr")) {
            return c.serviceCidrLocation();
        }
        if (subject.startsWith("cluster.dns") && !c.dns().origin().isNone()) {
            return at(s, c.dns().origin()); // policy helper
        }
        if (subject.startsWith("networkpolicy/")) { // policy helper: networkpolicy/NS/NAME
            String[] p = subject.split("/");
            for (Resource r : s.resources()) {
                if (r.kind().equals("NetworkPolicy") && p.length == 3 && r.namespace().equals(p[1]) && r.name().equals(p[2])) {
                    return r.at("spec");
                }
            }
        }
        if (subject.startsWith("cluster")) {
            return c.location();
        }
        // kind/namespace/name (pod/default/web, service/default/my-app, deployment/default/web...)
        String[] parts = subject.split("/");
        if (parts.length >= 2) {
            String kind = parts[0];
            String name = parts[parts.length - 1];
            String ns = parts.length >= 3 ? parts[1] : null;
            for (Resource r : s.resources()) {
                if (r.kind().equalsIgnoreCase(kind) && r.name().equals(name) && (ns == null || ns.equals(r.namespace()))) {
                    if (r.kind().equals("Pod") && message != null && (message.contains("podIP") || message.contains(" IP"))
                            && !r.at("status", "podIP").equals(r.at("status"))) {
                        return r.at("status", "podIP");
                    }
                    return r.at("metadata", "name");
                }
            }
            // A Deployment replica: point at its Deployment.
            for (Resource r : s.resources()) {
                if (r.kind().equals("Deployment") && name.startsWith(r.name() + "-")
                        && (ns == null || ns.equals(r.namespace()))) {
                    return r.at("metadata", "name");
                }
            }
        }
        return s.location();
    }

    /** Where an origin points, or the cluster section when it has no position. */
    private static SourceLocation at(Scenario s, Origin o) {
        SourceLocation l = SourceLocation.of(o);
        return l == null ? s.cluster().location() : l;
    }
}
