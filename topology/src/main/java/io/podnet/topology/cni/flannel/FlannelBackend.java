package io.podnet.topology.cni.flannel;

import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.cni.HostLocalIpam;
import io.podnet.topology.cni.PodIpam;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.spec.FlannelSpec;
import java.util.List;

/**
 * What every flannel backend shares: the name and cluster CIDR come from the {@link FlannelSpec},
 * node subnets are leased by {@link FlannelSubnets}, pod addresses by host-local IPAM. Each backend
 * adds only its own node wiring.
 */
abstract class FlannelBackend implements CniPlugin {
    protected final FlannelSpec spec;
    protected final int underlayMtu;

    /** Refuses a spec whose backend is not {@code backend} (naming {@code plugin} in the message). */
    FlannelBackend(FlannelSpec spec, int underlayMtu, FlannelSpec.Backend backend, String plugin) {
        if (spec.backend() != backend) {
            throw new IllegalArgumentException(plugin + " needs backend " + backend.text() + ", was " + spec.backend().text());
        }
        this.spec = spec;
        this.underlayMtu = underlayMtu;
    }

    @Override
    public final String name() {
        return spec.displayName();
    }

    @Override
    public final Ipv4Prefix clusterCidr() {
        return spec.network();
    }

    @Override
    public final List<Ipv4Prefix> assignNodeCidrs(List<String> nodeNames) {
        return FlannelSubnets.assign(spec, nodeNames);
    }

    @Override
    public final PodIpam newIpam(List<ClusterNode> nodes) {
        return new HostLocalIpam(nodes);
    }
}
