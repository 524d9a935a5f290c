package io.podnet.topology.cni.flannel;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.FlannelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Flannel's subnet leases: the Network is cut into {@code SubnetLen} subnets and each node takes
 * one between {@code SubnetMin} (default: the second subnet, as flannel skips the first) and
 * {@code SubnetMax} (default: the last). flanneld picks free subnets at random; here they are
 * handed out in node order so a run repeats: node 1 gets SubnetMin, node 2 the next, and so on.
 */
public final class FlannelSubnets {
    private FlannelSubnets() {}

    public static List<Ipv4Prefix> assign(FlannelSpec spec, List<String> nodeNames) {
        Ipv4Prefix network = spec.network();
        int len = spec.subnetLen();
        long count = 1L << (len - network.length());
        long min = count > 1 ? 1 : 0;
        long max = count - 1;
        if (spec.subnetMin() != null) {
            min = indexOf(spec, spec.subnetMin(), "SubnetMin");
        }
        if (spec.subnetMax() != null) {
            max = indexOf(spec, spec.subnetMax(), "SubnetMax");
        }
        if (min > max) {
            throw new TopologyException(spec.origin().at("network"), "cluster.cni", "flannel SubnetMin " + network.subnet(len, min).network()
                    + " is above SubnetMax " + network.subnet(len, max).network() + "; swap them");
        }
        long available = max - min + 1;
        if (nodeNames.size() > available) {
            throw new TopologyException(spec.origin().at("network"), "cluster.cni.network", "flannel Network " + network + " with SubnetLen " + len
                    + " has " + available + " node subnet" + (available == 1 ? "" : "s") + " ("
                    + network.subnet(len, min) + " to " + network.subnet(len, max)
                    + (spec.subnetMin() == null && count > 1 ? ", the first subnet is skipped as flannel does" : "")
                    + ") but the cluster has " + nodeNames.size() + " nodes; use a Network of /"
                    + (len - bitsFor(nodeNames.size() + (count > 1 && spec.subnetMin() == null ? 1 : 0)))
                    + " or larger, or a longer SubnetLen");
        }
        List<Ipv4Prefix> out = new ArrayList<>(nodeNames.size());
        for (int i = 0; i < nodeNames.size(); i++) {
            out.add(network.subnet(len, min + i));
        }
        return out;
    }

    private static long indexOf(FlannelSpec spec, Ipv4Address a, String what) {
        Ipv4Prefix network = spec.network();
        if (!network.contains(a)) {
            throw new TopologyException(spec.origin().at("network"), "cluster.cni", "flannel " + what + " " + a + " is outside Network " + network);
        }
        int shift = 32 - spec.subnetLen();
        long offset = Integer.toUnsignedLong(a.bits() - network.network().bits());
        if ((offset & ((1L << shift) - 1)) != 0) {
            throw new TopologyException(spec.origin().at("network"), "cluster.cni", "flannel " + what + " " + a + " is not the start of a /"
                    + spec.subnetLen() + " subnet of " + network);
        }
        return offset >>> shift;
    }

    /** Extra prefix bits needed to multiply the subnet count enough. */
    private static int bitsFor(long wanted) {
        int bits = 0;
        while ((1L << bits) < wanted) {
            bits++;
        }
        return bits;
    }
}
