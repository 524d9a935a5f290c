package io.podnet.topology.cni;

import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.flannel.FlannelHostGw;
import io.podnet.topology.cni.flannel.FlannelVxlan;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.UnderlaySpec;

/** Maps a {@link CniSpec} to the plugin that renders it. */
public final class CniPlugins {
    private CniPlugins() {}

    public static CniPlugin forSpec(CniSpec spec, UnderlaySpec underlay) {
        if (spec instanceof FlannelSpec f) {
            if (f.backend() == FlannelSpec.Backend.VXLAN) {
                return new FlannelVxlan(f, underlay.mtu());
            }
            if (f.backend() == FlannelSpec.Backend.HOST_GW) {
                return new FlannelHostGw(f, underlay.mtu());
            }
            throw new TopologyException("cluster.cni", "flannel backend " + f.backend().text()
                    + " is not rendered yet (the kernels here have no WireGuard); use vxlan or host-gw");
        }
        throw new TopologyException("cluster.cni", "CNI " + spec.displayName() + " is not supported yet; use flannel");
    }
}
