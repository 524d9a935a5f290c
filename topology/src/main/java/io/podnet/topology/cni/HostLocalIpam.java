package io.podnet.topology.cni;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.ClusterNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNI {@code host-local} IPAM on each node's pod CIDR: the network address, the gateway
 * ({@code .1}, held by the bridge) and the broadcast address are never handed out; pods get
 * {@code .2} upwards in the order they are allocated, skipping addresses reserved by manifests.
 */
public final class HostLocalIpam implements PodIpam {
    private final Map<String, Map<Ipv4Address, String>> used = new HashMap<>();
    private final Map<String, Long> next = new HashMap<>();

    public HostLocalIpam(List<ClusterNode> nodes) {
        for (ClusterNode n : nodes) {
            used.put(n.name(), new HashMap<>());
            next.put(n.name(), 2L);
        }
    }

    @Override
    public void reserve(ClusterNode node, String podKey, Ipv4Address ip) {
        Ipv4Prefix cidr = node.podCidr();
        if (!cidr.contains(ip)) {
            throw new TopologyException("pod/" + podKey, "status.podIP", "pod " + podKey + " has status.podIP " + ip + " but runs on node "
                    + node.name() + ", whose pod subnet is " + cidr + "; use an address in " + cidr
                    + " or pin the pod to the node that owns " + ip);
        }
        long offset = Integer.toUnsignedLong(ip.bits() - cidr.network().bits());
        if (offset < 2 || offset >= cidr.size() - 1) {
            throw new TopologyException("pod/" + podKey, "status.podIP", "pod " + podKey + " has status.podIP " + ip
                    + ", which host-local IPAM never hands out on " + cidr + " (network, gateway .1 and broadcast are reserved); use "
                    + cidr.host(2) + "-" + cidr.host(cidr.size() - 2));
        }
        String holder = used.get(node.name()).putIfAbsent(ip, podKey);
        if (holder != null) {
            throw new TopologyException("pod/" + podKey, "pods " + holder + " and " + podKey + " both claim " + ip
                    + " on node " + node.name() + "; give one of them another address or none");
        }
    }

    @Override
    public Ipv4Address allocate(ClusterNode node, String podKey) {
        Ipv4Prefix cidr = node.podCidr();
        Map<Ipv4Address, String> taken = used.get(node.name());
        long last = cidr.size() - 2;
        for (long i = next.get(node.name()); i <= last; i++) {
            Ipv4Address candidate = cidr.host(i);
            if (!taken.containsKey(candidate)) {
                taken.put(candidate, podKey);
                next.put(node.name(), i + 1);
                return candidate;
            }
        }
        throw new TopologyException("pod/" + podKey, "node " + node.name() + " has no pod address left for " + podKey
                + ": its subnet " + cidr + " holds " + Math.max(0, cidr.size() - 3) + " pods and all are taken; "
                + "use a shorter SubnetLen, more nodes, or fewer pods on " + node.name());
    }
}
