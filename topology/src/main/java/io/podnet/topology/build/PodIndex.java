package io.podnet.topology.build;

import io.podnet.topology.model.ClusterPod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods indexed by namespace and label, so that selecting the pods of a Service costs the size of
 * its smallest matching label bucket rather than the whole cluster. Results keep pod order.
 */
final class PodIndex {
    private final Map<String, List<ClusterPod>> byLabel = new HashMap<>();

    PodIndex(List<ClusterPod> pods) {
        for (ClusterPod p : pods) {
            for (Map.Entry<String, String> e : p.labels().entrySet()) {
                byLabel.computeIfAbsent(key(p.namespace(), e.getKey(), e.getValue()), k -> new ArrayList<>()).add(p);
            }
        }
    }

    private static String key(String ns, String k, String v) {
        return ns + '\u0000' + k + '\u0000' + v;
    }

    /** Pods of the namespace matching every selector entry (an empty selector matches none), in pod order. */
    List<ClusterPod> select(String ns, Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        List<ClusterPod> smallest = null;
        for (Map.Entry<String, String> e : selector.entrySet()) {
            List<ClusterPod> bucket = byLabel.get(key(ns, e.getKey(), e.getValue()));
            if (bucket == null) {
                return List.of();
            }
            if (smallest == null || bucket.size() < smallest.size()) {
                smallest = bucket;
            }
        }
        List<ClusterPod> out = new ArrayList<>();
        for (ClusterPod p : smallest) {
            if (Names.matches(selector, p.labels())) {
                out.add(p);
            }
        }
        return out;
    }
}
