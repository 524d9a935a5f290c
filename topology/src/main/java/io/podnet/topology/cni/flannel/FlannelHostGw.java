package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.FlannelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flannel with the {@code host-gw} backend: no tunnel; per remote node a route
 * {@code R_SUBNET via R_NODE_IP dev eth0}. It only works when every node is on one L2 segment
 * (the next hop must be directly reachable), so it refuses any node whose address is outside the
 * underlay prefix. Pods and {@code cni0} keep the underlay MTU.
 *
 * <p>The routes are the same on every node but its own, so they are made once per cluster and
 * shared ({@link SharedEntries}, sorted as {@code ip route show} lists them), as
 * {@link FlannelVxlan}'s are: N routes in the rendered configuration instead of N×(N−1). The
 * simulator's builder shares them as one layer under each node's table where every gateway lies
 * on a subnet of that node's {@code eth0}, and installs them one by one elsewhere.
 */
public final class FlannelHostGw extends FlannelBackend {
    public FlannelHostGw(FlannelSpec spec, int underlayMtu) {
        super(spec, underlayMtu, FlannelSpec.Backend.HOST_GW, "FlannelHostGw");
    }

    @Override
    public void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        BridgeWiring.wire(spec, underlayMtu, node, nodeNs, pods);
        Remotes r = remotes(cluster);
        checkOneSegment(cluster, node, r);
        nodeNs.addRoutes(r.routes.except(node.name()));
    }

    /** Refuses, naming the first remote node in cluster order, a node outside {@code node}'s segment. */
    private static void checkOneSegment(Cluster cluster, ClusterNode node, Remotes r) {
        // The underlay prefix holds every node address when it holds the lowest and the highest.
        if (r.lowest != null && node.underlay().contains(r.lowest) && node.underlay().contains(r.highest)) {
            return;
        }
        for (ClusterNode remote : cluster.nodes()) {
            if (!remote.name().equals(node.name()) && !node.underlay().contains(remote.address())) {
                throw new TopologyException("node/" + remote.name(), "flannel host-gw needs every node on one L2 segment, but "
                        + remote.name() + " (" + remote.address() + ") is not on " + node.name() + "'s segment "
                        + node.underlay() + "; use the vxlan backend or put the node on " + node.underlay());
            }
        }
    }

    /** The route to each node's subnet and the node address range. */
    private record Remotes(RemoteRoutes routes, Ipv4Address lowest, Ipv4Address highest) {
    }

    private Cluster remotesFor;
    private Remotes remotes;

    private Remotes remotes(Cluster cluster) {
        if (remotesFor != cluster) {
            List<ClusterNode> nodes = cluster.nodes();
            List<RouteConfig> routes = new ArrayList<>(nodes.size());
            Ipv4Address lowest = null;
            Ipv4Address highest = null;
            for (ClusterNode remote : nodes) {
                routes.add(RouteConfig.via(remote.podCidr(), remote.address(), "eth0", false));
                Ipv4Address a = remote.address();
                lowest = lowest == null || Integer.compareUnsigned(a.bits(), lowest.bits()) < 0 ? a : lowest;
                highest = highest == null || Integer.compareUnsigned(a.bits(), highest.bits()) > 0 ? a : highest;
            }
            remotes = new Remotes(new RemoteRoutes(nodes, routes), lowest, highest);
            remotesFor = cluster;
        }
        return remotes;
    }
}
