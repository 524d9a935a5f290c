package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.cni.HostLocalIpam;
import io.podnet.topology.cni.PodIpam;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.GeneveSpec;
import java.util.List;
import java.util.Map;

/**
 * The {@code geneve} design: flannel's VXLAN rendering with a GENEVE device instead.
 * <pre>
 * GENEVE device genev_sys_PORT: id VNI, dstport PORT, local NODE_IP   (MTU = eth0 - 50 - options)
 * ip addr add SUBNET.0/32 dev genev_sys_PORT
 * per remote node R:
 *   ip route add R_SUBNET via R_SUBNET.0 dev genev_sys_PORT onlink
 *   ip neigh replace R_SUBNET.0 lladdr R_VTEP_MAC dev genev_sys_PORT nud permanent
 *   FDB: R_VTEP_MAC dst R_NODE_IP
 * </pre>
 * Overhead: outer IPv4 20 + UDP 8 + GENEVE 8 + options + inner Ethernet 14. The kernel's geneve
 * driver has no FDB (one remote, or external mode for OVS), so this design is model-only; the
 * simulator's GENEVE device picks the remote by FDB as documented on
 * {@link InterfaceConfig.Geneve}.
 */
public final class GeneveOverlay implements CniPlugin {
    /** Outer IPv4 (20) + UDP (8) + GENEVE base header (8) + inner Ethernet (14). */
    public static final int BASE_OVERHEAD = 50;

    private final GeneveSpec spec;
    private final int underlayMtu;

    public GeneveOverlay(GeneveSpec spec, int underlayMtu) {
        this.spec = spec;
        this.underlayMtu = underlayMtu;
    }

    /** The device name for the spec's port. */
    public String device() {
        return "genev_sys_" + spec.port();
    }

    /** The VTEP MAC on a node (derived from its name). */
    public static MacAddress vtepMac(String node) {
        return MacAddress.derived(node + "/geneve");
    }

    /** The MTU of the GENEVE device, cni0 and pod interfaces. */
    public int mtu() {
        return underlayMtu - BASE_OVERHEAD - spec.optionBytes();
    }

    @Override
    public String name() {
        return spec.displayName();
    }

    @Override
    public Ipv4Prefix clusterCidr() {
        return spec.network();
    }

    @Override
    public List<Ipv4Prefix> assignNodeCidrs(List<String> nodeNames) {
        return FlannelSubnets.assign(spec.leases(), nodeNames);
    }

    @Override
    public PodIpam newIpam(List<ClusterNode> nodes) {
        return new HostLocalIpam(nodes);
    }

    @Override
    public void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        String dev = device();
        nodeNs.addInterface(new InterfaceConfig.Geneve(dev, vtepMac(node.name()), mtu(),
                List.of(new Ipv4Prefix(node.podCidr().network(), 32)), spec.vni(), spec.port(), node.address(), "eth0",
                spec.optionBytes()));
        BridgeWiring.wire(spec.leases(), mtu(), node, nodeNs, pods);
        for (ClusterNode remote : cluster.nodes()) {
            if (remote.name().equals(node.name())) {
                continue;
            }
            var remoteVtep = remote.podCidr().network();
            nodeNs.addRoute(RouteConfig.via(remote.podCidr(), remoteVtep, dev, true));
            nodeNs.addNeighbour(new NeighbourConfig(remoteVtep, vtepMac(remote.name()), dev));
            nodeNs.addFdb(new FdbConfig(vtepMac(remote.name()), dev, remote.address()));
        }
    }
}
