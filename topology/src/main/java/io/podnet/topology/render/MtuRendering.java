package io.podnet.topology.render;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NamespaceRole;
import io.podnet.topology.spec.MtuSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link MtuSettings} into a rendered namespace: in a pod, its veth ({@code eth0}) gets the
 * pod MTU; in a node, the tunnel devices (VXLAN, GENEVE, IPIP, WireGuard) the tunnel MTU, VXLAN and
 * GENEVE devices DF on their outer packets, and the pod bridge and the node ends of pod veths the
 * pod MTU. Underlay NICs and routers keep theirs.
 */
final class MtuRendering {
    private MtuRendering() {}

    static NamespaceConfig apply(NamespaceConfig ns, MtuSettings mtu) {
        if (mtu.isNone()) {
            return ns;
        }
        boolean pod = ns.kind() == NamespaceRole.WORKLOAD;
        int podMtu = mtu.pod();
        int tunnel = mtu.tunnel();
        boolean df = mtu.tunnelDf();
        List<InterfaceConfig> out = new ArrayList<>();
        for (InterfaceConfig i : ns.interfaces()) {
            InterfaceConfig n = i;
            if (i instanceof InterfaceConfig.Veth v) {
                if (podMtu > 0) {
                    n = new InterfaceConfig.Veth(v.name(), v.mac(), podMtu, v.addresses(), v.peerNamespace(), v.peerName(),
                            v.master(), v.hairpin());
                }
            } else if (pod) {
                n = i;
            } else if (i instanceof InterfaceConfig.Vxlan x) {
                n = new InterfaceConfig.Vxlan(x.name(), x.mac(), tunnel > 0 ? tunnel : x.mtu(), x.addresses(), x.vni(),
                        x.port(), x.local(), x.device(), x.learning(), df || x.dontFragment());
            } else if (i instanceof InterfaceConfig.Geneve g) {
                n = new InterfaceConfig.Geneve(g.name(), g.mac(), tunnel > 0 ? tunnel : g.mtu(), g.addresses(), g.vni(),
                        g.port(), g.local(), g.device(), g.optionBytes(), df || g.dontFragment());
            } else if (i instanceof InterfaceConfig.Ipip p && tunnel > 0) {
                n = new InterfaceConfig.Ipip(p.name(), p.mac(), tunnel, p.addresses(), p.device());
            } else if (i instanceof InterfaceConfig.Wireguard w && tunnel > 0) {
                n = new InterfaceConfig.Wireguard(w.name(), w.mac(), tunnel, w.addresses(), w.listenPort(), w.peers());
            } else if (i instanceof InterfaceConfig.Bridge b && podMtu > 0) {
                n = new InterfaceConfig.Bridge(b.name(), b.mac(), podMtu, b.addresses());
            }
            out.add(n);
        }
        return new NamespaceConfig(ns.name(), ns.role(), ns.owner(), out, ns.routes(), ns.neighbours(), ns.fdb(),
                ns.sysctls(), ns.iptables(), ns.nftables(), ns.ipvs());
    }
}
