package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.RouteConfig;
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
 * Flannel with the {@code wireguard} backend, as flanneld programs a node:
 * <pre>
 * ip link add flannel-wg type wireguard   (MTU = eth0 - 80; listen-port 51820)
 * ip addr add SUBNET.0/32 dev flannel-wg
 * ip route add NETWORK dev flannel-wg scope link        (one route for the whole flannel Network)
 * per remote node R: wg set flannel-wg peer KEY endpoint R_NODE_IP:51820 allowed-ips R_SUBNET
 * </pre>
 * The node's own subnet stays on {@code cni0} (more specific); cryptokey routing picks the peer by
 * the inner destination. Pods and {@code cni0} get the device MTU. Overhead counted by flannel: 80
 * bytes (IPv6 outer header 40, UDP 8, WireGuard header 16, tag 16), so IPv4 has 20 bytes spare.
 */
public final class FlannelWireguard extends FlannelBackend {
    public static final String DEVICE = "flannel-wg";
    public static final int OVERHEAD = 80;
    public static final int LISTEN_PORT = 51820;

    public FlannelWireguard(FlannelSpec spec, int underlayMtu) {
        super(spec, underlayMtu, FlannelSpec.Backend.WIREGUARD, "FlannelWireguard");
    }

    /** The MTU of flannel-wg, cni0 and pod interfaces. */
    public int mtu() {
        return underlayMtu - OVERHEAD;
    }

    @Override
    public void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        List<InterfaceConfig.WireguardPeer> peers = new ArrayList<>();
        for (ClusterNode remote : cluster.nodes()) {
            if (!remote.name().equals(node.name())) {
                peers.add(new InterfaceConfig.WireguardPeer(remote.name(), remote.address(), LISTEN_PORT,
                        List.of(remote.podCidr())));
            }
        }
        nodeNs.addInterface(new InterfaceConfig.Wireguard(DEVICE, MacAddress.ZERO, mtu(),
                List.of(new Ipv4Prefix(node.podCidr().network(), 32)), LISTEN_PORT, peers));
        nodeNs.addRoute(new RouteConfig("unicast", spec.network(), null, DEVICE, false, "link", null, "boot"));
        BridgeWiring.wire(spec, mtu(), node, nodeNs, pods);
    }
}
