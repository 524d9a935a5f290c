package io.podnet.topology.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.Fixtures;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cluster descriptions for benchmarks: {@code nodes} nodes on a /16 underlay, Flannel VXLAN over
 * 10.128.0.0/9 (a /24 per node, room for 32,768 nodes), Services in 10.96.0.0/12, and the pods as
 * Deployments of 3 replicas (groups). Service {@code i} selects group {@code i % groups}, so every
 * Service has 3 endpoints; groups beyond the Service count are pods that serve nothing (clients).
 */
final class BenchClusters {
    static final int REPLICAS = 3;

    private BenchClusters() {}

    /** A cluster of {@code nodes} nodes, {@code pods} pods (a multiple of 3) and {@code services} Services. */
    static ClusterSpec flannelVxlan(int nodes, int pods, int services) {
        List<NodeSpec> ns = new ArrayList<>(nodes);
        for (int i = 1; i <= nodes; i++) {
            ns.add(NodeSpec.named("node" + i));
        }
        int groups = Math.max(1, pods / REPLICAS);
        List<HasMetadata> objects = new ArrayList<>(groups + services);
        for (int g = 0; g < groups; g++) {
            objects.add(Fixtures.deployment("app" + g, REPLICAS, Map.of("app", "app" + g), 8080));
        }
        for (int s = 0; s < services; s++) {
            objects.add(Fixtures.service("svc" + s, null, Map.of("app", "app" + (s % groups)), 80, 8080));
        }
        UnderlaySpec underlay = new UnderlaySpec(Ipv4Prefix.parse("172.16.0.0/16"), 1500, 10_000_000_000L, 50_000L, 1000);
        return new ClusterSpec(ns, underlay, Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local", KubeProxySpec.IPTABLES,
                FlannelSpec.of(Ipv4Prefix.parse("10.128.0.0/9"), FlannelSpec.Backend.VXLAN), objects);
    }
}
