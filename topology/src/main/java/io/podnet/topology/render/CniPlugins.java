package io.podnet.topology.render;

import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.cni.calico.CalicoPlugin;
import io.podnet.topology.cni.flannel.FlannelHostGw;
import io.podnet.topology.cni.flannel.FlannelVxlan;
import io.podnet.topology.cni.flannel.FlannelWireguard;
import io.podnet.topology.cni.flannel.GeneveOverlay;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.GeneveSpec;
import io.podnet.topology.spec.UnderlaySpec;

/** Maps a {@link CniSpec} to the plugin that renders it (a new instance per rendering). */
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
            return new FlannelWireguard(f, underlay.mtu());
        }
        if (spec instanceof GeneveSpec g) {
            return new GeneveOverlay(g, underlay.mtu());
        }
        if (spec instanceof CalicoSpec c) {
            return new CalicoPlugin(c, underlay);
        }
        throw new TopologyException(spec.origin(), "cluster.cni", "CNI " + spec.displayName() + " is not supported");
    }
}
