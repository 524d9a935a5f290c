package io.podnet.topology.render;

import io.podnet.topology.TopologyException;
import io.podnet.topology.kubeproxy.KubeProxy;
import io.podnet.topology.kubeproxy.iptables.IptablesProxier;
import io.podnet.topology.kubeproxy.ipvs.IpvsProxier;
import io.podnet.topology.kubeproxy.nftables.NftablesProxier;
import io.podnet.topology.spec.KubeProxySpec;

/** Maps a {@link KubeProxySpec} to its implementation. */
public final class KubeProxies {
    private KubeProxies() {}

    public static KubeProxy forSpec(KubeProxySpec spec) {
        if (spec.mode() == KubeProxySpec.Mode.IPTABLES) {
            return new IptablesProxier(spec.masqueradeAll(), spec.clusterCidr());
        }
        if (spec.mode() == KubeProxySpec.Mode.NFTABLES) {
            return new NftablesProxier(spec.masqueradeAll());
        }
        if (spec.mode() == KubeProxySpec.Mode.IPVS) {
            return new IpvsProxier(spec.masqueradeAll(), spec.clusterCidr(), spec.ipvsScheduler());
        }
        throw new TopologyException(spec.origin().at("mode"), "cluster.kubeProxy.mode", "kube-proxy mode " + spec.mode().text()
                + " is not rendered; use iptables, nftables or ipvs");
    }
}
