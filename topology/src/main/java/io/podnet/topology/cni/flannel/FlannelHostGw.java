package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.RouteConfig;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.FlannelSpec;
import java.util.Map;

/**
 * Flannel with the {@code host-gw} backend: no tunnel; per remote node a route
 * {@code R_SUBNET via R_NODE_IP dev eth0}. It only works when every node is on one L2 segment
 * (the next hop must be directly reachable), so it refuses any node whose address is outside the
 * underlay prefix. Pods and {@code cni0} keep the underlay MTU.
 */
public final class FlannelHostGw extends FlannelBackend {
    public FlannelHostGw(FlannelSpec spec, int underlayMtu) {
        super(spec, underlayMtu, FlannelSpec.Backend.HOST_GW, "FlannelHostGw");
    }

    @Override
    public void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        BridgeWiring.wire(spec, underlayMtu, node, nodeNs, pods);
        for (ClusterNode remote : cluster.nodes()) {
            if (remote.name().equals(node.name())) {
                continue;
            }
            if (!node.underlay().contains(remote.address())) {
                throw new TopologyException("node/" + remote.name(), "flannel host-gw needs every node on one L2 segment, but "
                        + remote.name() + " (" + remote.address() + ") is not on " + node.name() + "'s segment "
                        + node.underlay() + "; use the vxlan backend or put the node on " + node.underlay());
            }
            nodeNs.addRoute(RouteConfig.via(remote.podCidr(), remote.address(), "eth0", false));
        }
    }
}
