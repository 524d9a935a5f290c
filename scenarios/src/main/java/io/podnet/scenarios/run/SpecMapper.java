package io.podnet.scenarios.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a validated {@link Scenario} into topology's {@link ClusterSpec}, and topology's
 * {@link TopologyException}s back into diagnostics at the scenario field of the object at fault.
 */
final class SpecMapper {
    private SpecMapper() {}

    static ClusterSpec toSpec(Scenario s) throws ScenarioException {
        ClusterSection c = s.cluster();
        List<NodeSpec> nodes = new ArrayList<>();
        c.nodes().forEach(n -> nodes.add(new NodeSpec(n.name(), n.address(), n.labels())));
        if (c.underlay().routed()) {
            throw new ScenarioException(Diagnostic.error(c.underlay().subnets().get(0).location(), "underlay subnets"
                    + " (racks behind routers) need the routed underlay of topology, which this build does not have yet;"
                    + " give one cidr"));
        }
        UnderlaySpec underlay = new UnderlaySpec(c.underlay().cidr(), c.underlay().mtu(),
                c.underlay().bandwidthBitsPerSecond(), c.underlay().latencyNanos(), c.underlay().queuePackets());
        KubeProxySpec kp = kubeProxy(s);
        List<HasMetadata> objects = new ArrayList<>();
        boolean calico = c.cni() instanceof CniSpec.Calico;
        for (Resource r : s.resources()) {
            if (calico || !(r.object() instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource)) {
                objects.add(r.object()); // Calico resources only under a Calico design (--cni may change it)
            }
        }
        return new ClusterSpec(nodes, underlay, c.serviceCidr(), c.dns().domain(), kp, cni(c.cni()), objects,
                AddonSpecs.policy(s), AddonSpecs.dns(s)); // policy helper: NetworkPolicy enforcement, CoreDNS
    }

    /** topology's CNI settings for the scenario's. */
    static io.podnet.topology.spec.CniSpec cni(CniSpec cni) throws ScenarioException {
        if (cni instanceof CniSpec.Flannel f) {
            return new FlannelSpec(f.network(), f.subnetLen(), FlannelSpec.Backend.parse(f.backend()), f.port(), f.vni(),
                    f.isDefaultGateway(), f.hairpinMode());
        }
        throw new ScenarioException(Diagnostic.error(cni.location(), "CNI " + cni.design() + " is recognised, but this"
                + " build's topology cannot render it yet; use flannel-vxlan or flannel-host-gw"));
    }

    /** kube-proxy's settings for the scenario. */
    static KubeProxySpec kubeProxy(Scenario s) {
        return new KubeProxySpec(KubeProxySpec.Mode.parse(s.cluster().kubeProxy().mode()), false);
    }

    /** The diagnostic for a topology error, at the field its subject names. */
    static Diagnostic diagnostic(Scenario s, TopologyException e) {
        return Diagnostic.error(locate(s, e.subject() == null ? "" : e.subject(), e.getMessage()), e.getMessage());
    }

    static SourceLocation locate(Scenario s, String subject, String message) {
        ClusterSection c = s.cluster();
        if (subject.startsWith("node/")) {
            var n = c.node(subject.substring(5));
            if (n != null) {
                return n.location();
            }
        }
        if (subject.startsWith("cluster.cni")) {
            String rest = subject.toLowerCase(Locale.ROOT);
            if (c.cni() instanceof CniSpec.Flannel f) {
                if (rest.contains("subnetlen")) {
                    return f.subnetLenLocation();
                }
                if (rest.contains("backend")) {
                    return f.backendLocation();
                }
                return f.networkLocation();
            }
            return c.cni().location();
        }
        if (subject.startsWith("cluster.underlay")) {
            return c.underlay().cidrLocation();
        }
        if (subject.toLowerCase(Locale.ROOT).startsWith("cluster.servicecidr")) {
            return c.serviceCidrLocation();
        }
        if (subject.startsWith("cluster.dns") && c.dns().location() != null) {
            return c.dns().location(); // policy helper
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
}
