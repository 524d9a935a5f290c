package io.podnet.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.GeneveSpec;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
        io.podnet.scenarios.model.UnderlaySpec u = c.underlay();
        List<RackSpec> racks = new ArrayList<>();
        for (io.podnet.scenarios.model.UnderlaySpec.Subnet sub : u.subnets()) {
            List<String> members = new ArrayList<>();
            c.nodes().stream().filter(n -> sub.name().equals(n.subnet())).forEach(n -> members.add(n.name()));
            racks.add(new RackSpec(sub.name(), sub.cidr(), members));
        }
        UnderlaySpec underlay = new UnderlaySpec(u.cidr(), u.mtu(), u.bandwidthBitsPerSecond(), u.latencyNanos(),
                u.queuePackets(), racks);
        KubeProxySpec kp = kubeProxy(s);
        List<HasMetadata> objects = new ArrayList<>();
        boolean calico = c.cni() instanceof CniSpec.Calico;
        for (Resource r : s.resources()) {
            if (calico || !(r.object() instanceof GenericKubernetesResource)) {
                objects.add(r.object()); // Calico resources only under a Calico design (--cni may change it)
            }
        }
        if (calico) {
            for (io.podnet.scenarios.model.NodeSpec n : c.nodes()) {
                if (n.hasBgp()) {
                    objects.add(calicoNode(n));
                }
            }
        }
        return new ClusterSpec(nodes, underlay, c.serviceCidr(), c.dns().domain(), kp, cni(c.cni()), objects,
                AddonSpecs.policy(s), AddonSpecs.dns(s), mtu(c.mtu())); // NetworkPolicy enforcement, CoreDNS

    }

    /** {@code cluster.mtu} as the renderer writes it into the configuration. */
    static io.podnet.topology.spec.MtuSettings mtu(io.podnet.scenarios.model.MtuSpec m) {
        return m == null || m.isNone() ? io.podnet.topology.spec.MtuSettings.NONE
                : new io.podnet.topology.spec.MtuSettings(m.pod(), m.tunnel(), m.tunnelDf());
    }

    /** A node's {@code bgp:} settings as the Calico Node resource topology reads. */
    static GenericKubernetesResource calicoNode(io.podnet.scenarios.model.NodeSpec n) {
        Map<String, Object> bgp = new LinkedHashMap<>();
        if (n.routeReflectorClusterId() != null) {
            bgp.put("routeReflectorClusterID", n.routeReflectorClusterId().toString());
        }
        if (n.asNumber() != 0) {
            bgp.put("asNumber", n.asNumber());
        }
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("projectcalico.org/v3");
        r.setKind("Node");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(n.name());
        r.setMetadata(meta);
        r.setAdditionalProperty("spec", Map.of("bgp", bgp));
        return r;
    }

    /** topology's CNI settings for the scenario's. */
    static io.podnet.topology.spec.CniSpec cni(CniSpec cni) throws ScenarioException {
        try {
            if (cni instanceof CniSpec.Flannel f) {
                return new FlannelSpec(f.network(), f.subnetLen(), FlannelSpec.Backend.parse(f.backend()), f.port(),
                        f.vni(), f.isDefaultGateway(), f.hairpinMode());
            }
            if (cni instanceof CniSpec.Geneve g) {
                return GeneveSpec.of(g.network());
            }
            CniSpec.Calico k = (CniSpec.Calico) cni;
            return new CalicoSpec(CalicoSpec.Design.byName(k.design()), k.defaultPool(), 0, k.mtu(), null);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(Diagnostic.error(cni.location(), "cluster.cni: " + e.getMessage()));
        }
    }

    /** kube-proxy's settings for the scenario. */
    static KubeProxySpec kubeProxy(Scenario s) {
        io.podnet.scenarios.model.KubeProxySpec k = s.cluster().kubeProxy();
        return new KubeProxySpec(KubeProxySpec.Mode.parse(k.mode()), k.masqueradeAll(), k.clusterCidr(), k.ipvsScheduler());
    }

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
                return n.bgpLocation();
            }
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
        if (subject.startsWith("cluster.underlay.racks.")) {
            var sub = c.underlay().subnet(subject.substring("cluster.underlay.racks.".length()));
            if (sub != null) {
                return sub.cidrLocation();
            }
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
