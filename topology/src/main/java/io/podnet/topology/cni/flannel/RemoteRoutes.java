package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.netns.NamespaceDraft;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route each node holds to every other node's pod subnet, made once per cluster and shared by
 * every node's configuration ({@link SharedEntries}, sorted as {@code ip route show} lists them):
 * a node holds all of them but the one to its own subnet.
 */
final class RemoteRoutes {
    private final Map<String, Integer> index = new HashMap<>();
    private final SharedEntries<RouteConfig> routes;
    private final int[] routeIndex;

    /** {@code routes.get(i)} is the route to {@code nodes.get(i)}'s subnet. */
    RemoteRoutes(List<ClusterNode> nodes, List<RouteConfig> routes) {
        for (ClusterNode n : nodes) {
            index.put(n.name(), index.size());
        }
        this.routes = SharedEntries.sorted(routes, NamespaceDraft.ROUTE_ORDER);
        this.routeIndex = this.routes.positionsOf(routes);
    }

    /** {@code node}'s position in the cluster's node list, or -1 for a node outside it. */
    int position(String node) {
        Integer i = index.get(node);
        return i == null ? -1 : i;
    }

    /** The routes {@code node} holds: to every node's subnet but its own. */
    EntryList.Shared<RouteConfig> except(String node) {
        int me = position(node);
        return routes.except(me < 0 ? -1 : routeIndex[me]);
    }
}
