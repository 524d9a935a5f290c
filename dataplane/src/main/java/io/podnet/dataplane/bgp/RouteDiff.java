package io.podnet.dataplane.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The routes of one BGP namespace, simulator against kernel.
 *
 * @param node      the configuration's namespace name
 * @param same      routes on both sides
 * @param missing   routes the simulator installed that the kernel lacks
 * @param extra     routes the kernel holds that the simulator did not install
 */
public record RouteDiff(String node, List<KernelRoute> same, List<KernelRoute> missing, List<KernelRoute> extra) {
    public RouteDiff {
        same = List.copyOf(same);
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
    }

    public static RouteDiff of(String node, List<KernelRoute> simulated, List<KernelRoute> kernel) {
        TreeSet<KernelRoute> s = new TreeSet<>(simulated);
        TreeSet<KernelRoute> k = new TreeSet<>(kernel);
        List<KernelRoute> same = new ArrayList<>();
        List<KernelRoute> missing = new ArrayList<>();
        for (KernelRoute r : s) {
            (k.contains(r) ? same : missing).add(r);
        }
        List<KernelRoute> extra = new ArrayList<>();
        for (KernelRoute r : k) {
            if (!s.contains(r)) {
                extra.add(r);
            }
        }
        return new RouteDiff(node, same, missing, extra);
    }

    public boolean agree() {
        return missing.isEmpty() && extra.isEmpty();
    }
}
