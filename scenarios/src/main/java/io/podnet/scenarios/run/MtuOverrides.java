package io.podnet.scenarios.run;

import io.podnet.scenarios.model.MtuSpec;
import io.podnet.sim.device.GeneveDevice;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.device.VethDevice;
import io.podnet.sim.device.VxlanDevice;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.SimNetwork;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code cluster.mtu} to the built network before anything is sent, as an administrator
 * would with {@code ip link set ... mtu N} and {@code ip link set ... type vxlan df set}: tunnel
 * devices in node namespaces; pod {@code eth0}s, the node ends of pod veths and pod bridges.
 */
final class MtuOverrides {
    static final Set<String> TUNNEL_KINDS = Set.of("vxlan", "geneve", "ipip", "wireguard");

    private MtuOverrides() {}

    static void apply(SimNetwork net, MtuSpec mtu) {
        if (mtu.isNone()) {
            return;
        }
        List<NetNamespace> all = net.namespaces();
        for (NetNamespace ns : all) {
            boolean pod = ns.role().equals("pod");
            for (NetDevice d : ns.devices()) {
                if (pod) {
                    if (mtu.pod() > 0 && d instanceof VethDevice) {
                        d.setMtu(mtu.pod());
                    }
                    continue;
                }
                if (TUNNEL_KINDS.contains(d.kind())) {
                    if (mtu.tunnel() > 0) {
                        d.setMtu(mtu.tunnel());
                    }
                    if (mtu.tunnelDf() && d instanceof VxlanDevice v) {
                        v.setDontFragment(true);
                    } else if (mtu.tunnelDf() && d instanceof GeneveDevice g) {
                        g.setDontFragment(true);
                    }
                } else if (mtu.pod() > 0 && (d.kind().equals("bridge") || d instanceof VethDevice)) {
                    d.setMtu(mtu.pod());
                }
            }
        }
    }
}
