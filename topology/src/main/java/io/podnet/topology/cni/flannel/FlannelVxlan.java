package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.FlannelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flannel with the {@code vxlan} backend, as flanneld programs a node:
 * <pre>
 * ip link add flannel.1 type vxlan id VNI local NODE_IP dev eth0 nolearning dstport PORT   (MTU = eth0 - 50)
 * ip addr add SUBNET.0/32 dev flannel.1
 * per remote node R:
 *   ip route add R_SUBNET via R_SUBNET.0 dev flannel.1 onlink
 *   ip neigh replace R_SUBNET.0 lladdr R_VTEP_MAC dev flannel.1 nud permanent
 *   bridge fdb append R_VTEP_MAC dev flannel.1 dst R_NODE_IP self permanent
 * </pre>
 * plus the {@code cni0} bridge and pod veths with the same MTU (flannel writes it to subnet.env
 * and its CNI plugin hands it to the bridge delegate). The VTEP MAC is derived from the node name.
 */
public final class FlannelVxlan extends FlannelBackend {
    public static final String DEVICE = "flannel.1";
    /** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14). */
    public static final int OVERHEAD = 50;

    public FlannelVxlan(FlannelSpec spec, int underlayMtu) {
        super(spec, underlayMtu, FlannelSpec.Backend.VXLAN, "FlannelVxlan");
    }

    /** The MAC flanneld gives {@code flannel.1} on a node (derived here so runs repeat). */
    public static MacAddress vtepMac(String nodeName) {
        return MacAddress.derived(nodeName + "/" + DEVICE);
    }

    /** The MTU of flannel.1, cni0 and pod interfaces. */
    public int mtu() {
        return underlayMtu - OVERHEAD;
    }

    @Override
    public void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        nodeNs.addInterface(new InterfaceConfig.Vxlan(DEVICE, vtepMac(node.name()), mtu(),
                List.of(new Ipv4Prefix(node.podCidr().network(), 32)), spec.vni(), spec.vxlanPort(), node.address(),
                "eth0", false));
        BridgeWiring.wire(spec, mtu(), node, nodeNs, pods);
        Remotes r = remotes(cluster);
        int me = r.routes.position(node.name());
        nodeNs.addRoutes(r.routes.except(node.name()));
        nodeNs.addNeighbours(r.neighbours.except(me));
        nodeNs.addFdb(r.fdb.except(me));
    }

    /**
     * The entries a node holds for each other node are the same on every node: made once per
     * cluster (one route, neighbour and FDB entry per node) and shared by every node's
     * configuration without its own ({@link SharedEntries}), instead of N×(N−1) copies.
     */
    private record Remotes(RemoteRoutes routes, SharedEntries<NeighbourConfig> neighbours, SharedEntries<FdbConfig> fdb) {
    }

    private Cluster remotesFor;
    private Remotes remotes;

    private Remotes remotes(Cluster cluster) {
        if (remotesFor != cluster) {
            List<ClusterNode> nodes = cluster.nodes();
            List<RouteConfig> routes = new ArrayList<>(nodes.size());
            List<NeighbourConfig> neighbours = new ArrayList<>(nodes.size());
            List<FdbConfig> fdb = new ArrayList<>(nodes.size());
            for (ClusterNode remote : nodes) {
                var remoteVtep = remote.podCidr().network();
                MacAddress mac = vtepMac(remote.name());
                routes.add(RouteConfig.via(remote.podCidr(), remoteVtep, DEVICE, true));
                neighbours.add(new NeighbourConfig(remoteVtep, mac, DEVICE));
                fdb.add(new FdbConfig(mac, DEVICE, remote.address()));
            }
            remotes = new Remotes(new RemoteRoutes(nodes, routes), SharedEntries.of(neighbours), SharedEntries.of(fdb));
            remotesFor = cluster;
        }
        return remotes;
    }
}
