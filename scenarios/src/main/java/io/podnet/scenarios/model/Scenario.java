package io.podnet.scenarios.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.PolicySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario file (format v1): a cluster, the Kubernetes objects applied to it, the
 * traffic sent and the expectations checked.
 *
 * @param file         the scenario file as given (its directory anchors includes)
 * @param location     where the document starts
 * @param seed         the seed (1 when the file gives none)
 * @param seedGiven    whether the file gave one
 * @param expectations every {@code expect} item; {@link #expectations()} gives those that apply to the
 *                     kube-proxy mode in force
 */
public record Scenario(Path file, SourceLocation location, String name, String description, long seed,
                       boolean seedGiven, ClusterSection cluster, List<Resource> resources, List<TrafficItem> traffic,
                       List<ScenarioEvent> events, List<Expectation> expectations) {
    /** The seed used when a scenario gives none. */
    public static final long DEFAULT_SEED = 1;

    public Scenario {
        resources = List.copyOf(resources);
        traffic = List.copyOf(traffic);
        events = List.copyOf(events);
        expectations = List.copyOf(expectations);
    }

    /**
     * The expectations checked in this scenario's kube-proxy mode: those without {@code kubeProxy:} and
     * those about this mode (an expectation naming iptables chains says {@code kubeProxy: iptables}).
     */
    public List<Expectation> expectations() {
        String mode = cluster == null || cluster.kubeProxy() == null ? null : cluster.kubeProxy().mode().text();
        List<Expectation> out = new java.util.ArrayList<>();
        for (Expectation x : expectations) {
            if (x.kubeProxy() == null || x.kubeProxy().equals(mode)) {
                out.add(x);
            }
        }
        return out.size() == expectations.size() ? expectations : List.copyOf(out);
    }

    /** Every {@code expect} item, whatever mode it is about. */
    public List<Expectation> allExpectations() {
        return expectations;
    }

    /** The traffic item called {@code name}, or null. */
    public TrafficItem trafficItem(String name) {
        for (TrafficItem t : traffic) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** A copy with another CNI (the command line's {@code --cni}). */
    public Scenario withCni(io.podnet.topology.spec.CniSpec cni) {
        return new Scenario(file, location, name, description, seed, seedGiven, cluster.withCni(cni), resources,
                traffic, events, expectations);
    }

    /** A copy with another kube-proxy mode (the command line's {@code --kube-proxy}); its flags stay. */
    public Scenario withKubeProxyMode(io.podnet.topology.spec.KubeProxySpec.Mode mode) {
        return new Scenario(file, location, name, description, seed, seedGiven,
                cluster.withKubeProxy(cluster.kubeProxy().withMode(mode)), resources, traffic, events, expectations);
    }

    /** A copy with another seed (the command line's {@code --seed}). */
    public Scenario withSeed(long newSeed) {
        return new Scenario(file, location, name, description, newSeed, true, cluster, resources, traffic, events,
                expectations);
    }

    /**
     * The cluster as topology builds it: the cluster section's specs, the resources' Kubernetes
     * objects (Calico's only under a Calico design, which {@code --cni} may have changed, plus a
     * Calico Node for each node with {@code bgp:} settings), who enforces NetworkPolicies, and
     * CoreDNS, which runs when {@code cluster.dns.enabled} says so or, unset, when a traffic item
     * targets {@code dns/}.
     */
    public ClusterSpec clusterSpec() {
        ClusterSection c = cluster;
        boolean calico = c.cni() instanceof CalicoSpec;
        List<HasMetadata> objects = new ArrayList<>();
        for (Resource r : resources) {
            if (calico || !(r.object() instanceof GenericKubernetesResource)) {
                objects.add(r.object());
            }
        }
        if (calico) {
            for (NodeSpec n : c.nodes()) {
                if (n.hasBgp()) {
                    objects.add(calicoNode(n));
                }
            }
        }
        boolean dnsOn = c.dnsAuto() ? usesDns() : c.dns().enabled();
        return new ClusterSpec(c.nodes(), c.underlay(), c.serviceCidr(), c.clusterDomain(), c.kubeProxy(), c.cni(),
                objects, new PolicySpec(PolicySpec.Enforcement.parse(c.networkPolicy().enforcement())),
                c.dns().withEnabled(dnsOn), c.mtu());
    }

    private boolean usesDns() {
        for (TrafficItem t : traffic) {
            if (t.to().kind() == Target.Kind.DNS) {
                return true;
            }
        }
        return false;
    }

    /** A node's {@code bgp:} settings as the Calico Node resource topology reads. */
    private static GenericKubernetesResource calicoNode(NodeSpec n) {
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
}
