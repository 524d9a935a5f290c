package io.podnet.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.NodeSpec;

/**
 * A topology error as a diagnostic at what it is about, never read from its message: the
 * {@link io.podnet.topology.spec.Origin} it carries (a spec record the loader read, or one of its
 * fields), else the object its subject names ({@code pod/default/web}, {@code ippool/pool-a}) at
 * the field it names ({@code status.podIP}, {@code spec.ipipMode}) or at the object's name.
 */
final class TopologyErrors {
    private TopologyErrors() {}

    /** The diagnostic for a topology error, at the position of what it is about. */
    static Diagnostic diagnostic(Scenario s, TopologyException e) {
        SourceLocation at = SourceLocation.of(e.origin());
        if (at == null) {
            at = objectAt(s, e.subject() == null ? "" : e.subject(), e.field());
        }
        return Diagnostic.error(at, e.getMessage());
    }

    /** Where the object {@code subject} (or its {@code field}) was written; the scenario when unknown. */
    static SourceLocation objectAt(Scenario s, String subject, String field) {
        ClusterSection c = s.cluster();
        String[] parts = subject.split("/");
        if (parts.length == 2 && !subject.startsWith("cluster")) {
            // kind/name: a Calico resource, a v1 Node, or a cluster node
            NodeSpec node = parts[0].equals("node") ? c.node(parts[1]) : null;
            Resource calico = clusterResource(s, parts[0], parts[1]);
            if (node != null && (field == null || calico == null)) {
                SourceLocation l = SourceLocation.of(field != null && field.startsWith("spec.bgp") ? node.origin().at("bgp")
                        : node.origin());
                return l == null ? c.location() : l;
            }
            if (calico != null) {
                return at(calico, field);
            }
        }
        if (subject.equals("cluster.serviceCIDR")) {
            return c.serviceCidrLocation();
        }
        if (subject.startsWith("cluster")) {
            return c.location();
        }
        if (parts.length >= 2) { // kind/namespace/name (pod/default/web, service/default/my-app...)
            String kind = parts[0];
            String name = parts[parts.length - 1];
            String ns = parts.length >= 3 ? parts[1] : null;
            for (Resource r : s.resources()) {
                if (r.kind().equalsIgnoreCase(kind) && r.name().equals(name) && (ns == null || ns.equals(r.namespace()))) {
                    return at(r, field != null ? field : kind.equals("networkpolicy") ? "spec" : null);
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

    /**
     * The cluster-scoped resource {@code kind/name}: a Calico resource ({@code ippool/pool-a},
     * {@code node/node1}), else a v1 Node; null when the scenario has none.
     */
    private static Resource clusterResource(Scenario s, String kind, String name) {
        Resource other = null;
        for (Resource r : s.resources()) {
            if (r.kind().equalsIgnoreCase(kind) && r.name().equals(name)) {
                if (r.object() instanceof GenericKubernetesResource) {
                    return r;
                }
                other = other == null && r.kind().equals("Node") ? r : other;
            }
        }
        return other;
    }

    /**
     * The position of {@code field} (a dotted path) in the resource: of the deepest part of it that
     * was written, below the top level ({@code spec.bgp} when {@code spec.bgp.asNumber} is not
     * written); the resource's name when no part below the top level was.
     */
    private static SourceLocation at(Resource r, String field) {
        if (field != null) {
            YNode n = r.source();
            SourceLocation found = null;
            String[] path = field.split("\\.");
            for (int i = 0; i < path.length && n instanceof YNode.YMap m && m.get(path[i]) != null; i++) {
                n = m.get(path[i]);
                if (i > 0 || path.length == 1) {
                    found = n.location();
                }
            }
            if (found != null) {
                return found;
            }
        }
        return r.at("metadata", "name");
    }
}
