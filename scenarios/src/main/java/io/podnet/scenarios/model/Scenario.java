package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import java.nio.file.Path;
import java.util.List;

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
        String mode = cluster == null || cluster.kubeProxy() == null ? null : cluster.kubeProxy().mode();
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
    public Scenario withCni(CniSpec cni) {
        return new Scenario(file, location, name, description, seed, seedGiven, cluster.withCni(cni), resources,
                traffic, events, expectations);
    }

    /** A copy with another kube-proxy mode (the command line's {@code --kube-proxy}); its flags stay. */
    public Scenario withKubeProxyMode(String mode) {
        return new Scenario(file, location, name, description, seed, seedGiven,
                cluster.withKubeProxy(cluster.kubeProxy().withMode(mode)), resources, traffic, events, expectations);
    }

    /** A copy with another seed (the command line's {@code --seed}). */
    public Scenario withSeed(long newSeed) {
        return new Scenario(file, location, name, description, newSeed, true, cluster, resources, traffic, events,
                expectations);
    }
}
