package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * {@code cluster.mtu}: overrides of the MTUs the CNI derived, to reproduce a misconfigured cluster
 * (DATAPLANE-FACTS: a tunnel forced to the underlay MTU with {@code df set} is a black hole).
 *
 * @param pod       MTU of every pod's {@code eth0}, the node side of its veth and the pod bridge, or 0
 *                  to keep the CNI's
 * @param tunnel    MTU of every node's tunnel device ({@code flannel.1}, {@code vxlan.calico},
 *                  {@code tunl0}, {@code genev_sys_6081}, {@code flannel-wg}), or 0 to keep the CNI's
 * @param tunnelDf  whether VXLAN and GENEVE devices set DF on their outer packets ({@code ip link ...
 *                  df set}); Linux's and Flannel's default is {@code unset}
 */
public record MtuSpec(int pod, int tunnel, boolean tunnelDf, SourceLocation location) {
    /** No overrides. */
    public static MtuSpec none(SourceLocation at) {
        return new MtuSpec(0, 0, false, at);
    }

    public boolean isNone() {
        return pod == 0 && tunnel == 0 && !tunnelDf;
    }
}
