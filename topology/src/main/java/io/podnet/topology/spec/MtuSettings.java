package io.podnet.topology.spec;

/**
 * Overrides of the MTUs the CNI derives, as an administrator sets them ({@code ip link set ... mtu N},
 * {@code ip link add ... type vxlan ... df set}), to reproduce a misconfigured cluster
 * (DATAPLANE-FACTS: a tunnel forced to the underlay MTU with {@code df set} is a black hole). The
 * renderer writes them into the rendered configuration, so the simulator and the kernel realise
 * the same values.
 *
 * @param pod      MTU of every pod's {@code eth0}, the node side of its veth and the pod bridge, or 0
 *                 to keep the CNI's
 * @param tunnel   MTU of every node's tunnel device ({@code flannel.1}, {@code vxlan.calico},
 *                 {@code tunl0}, {@code genev_sys_6081}, {@code flannel-wg}), or 0 to keep the CNI's
 * @param tunnelDf whether VXLAN and GENEVE devices set DF on their outer packets; Linux's and
 *                 Flannel's default is {@code df unset}
 * @param origin   where the overrides were written
 */
public record MtuSettings(int pod, int tunnel, boolean tunnelDf, Origin origin) {
    /** No overrides: the CNI's MTUs, DF unset. */
    public static final MtuSettings NONE = new MtuSettings(0, 0, false);

    /** Overrides written in code. */
    public MtuSettings(int pod, int tunnel, boolean tunnelDf) {
        this(pod, tunnel, tunnelDf, Origin.NONE);
    }

    public MtuSettings {
        if (pod < 0 || tunnel < 0) {
            throw new IllegalArgumentException("an MTU override cannot be negative, was pod " + pod + ", tunnel " + tunnel);
        }
        origin = origin == null ? Origin.NONE : origin;
    }

    public boolean isNone() {
        return pod == 0 && tunnel == 0 && !tunnelDf;
    }
}
