package io.podnet.topology.spec.calico;

import java.util.List;

/**
 * The Calico resources of a cluster in input order, typed and validated
 * ({@link CalicoResourceReader} builds them from the generic objects of a scenario).
 *
 * @param pools  IPPools; empty means "calico-node's default pool"
 * @param bgp    the global BGPConfiguration, or {@link BgpConfiguration#DEFAULT}
 * @param peers  BGPPeers
 * @param nodes  Calico Node resources (AS, route-reflector cluster id, labels)
 * @param ipam   the IPAMConfiguration, or {@link IpamConfiguration#DEFAULT}
 */
public record CalicoResources(List<IpPool> pools, BgpConfiguration bgp, List<BgpPeer> peers, List<CalicoNode> nodes,
                              IpamConfiguration ipam) {
    public static final CalicoResources NONE = new CalicoResources(List.of(), null, List.of(), List.of(), null);

    public CalicoResources {
        pools = pools == null ? List.of() : List.copyOf(pools);
        bgp = bgp == null ? BgpConfiguration.DEFAULT : bgp;
        peers = peers == null ? List.of() : List.copyOf(peers);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        ipam = ipam == null ? IpamConfiguration.DEFAULT : ipam;
    }

    /** The Node resource for a node, or null. */
    public CalicoNode node(String name) {
        for (CalicoNode n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }
}
