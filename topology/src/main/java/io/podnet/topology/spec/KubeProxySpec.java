package io.podnet.topology.spec;

/**
 * How kube-proxy runs on every node.
 *
 * @param mode          the proxy mode (iptables, nftables and ipvs are rendered)
 * @param masqueradeAll kube-proxy's {@code --masquerade-all}: mark all ClusterIP traffic for SNAT
 * @param clusterCidr   kube-proxy's {@code --cluster-cidr} (local-traffic detection), or null for the
 *                      CNI's pod network (what kubeadm passes)
 * @param origin        where the settings were written (field {@code mode})
 * @param ipvsScheduler the IPVS scheduler ({@code ipvs.scheduler} of the configuration) in IPVS mode,
 *                      or null for kube-proxy's default {@code rr}
 */
public record KubeProxySpec(Mode mode, boolean masqueradeAll, io.podnet.sim.net.Ipv4Prefix clusterCidr, Origin origin,
                            String ipvsScheduler) {
    public static final KubeProxySpec IPTABLES = new KubeProxySpec(Mode.IPTABLES, false);

    /** Without {@code --cluster-cidr}: the CNI's pod network. */
    public KubeProxySpec(Mode mode, boolean masqueradeAll) {
        this(mode, masqueradeAll, null);
    }

    /** Settings written in code. */
    public KubeProxySpec(Mode mode, boolean masqueradeAll, io.podnet.sim.net.Ipv4Prefix clusterCidr) {
        this(mode, masqueradeAll, clusterCidr, Origin.NONE, null);
    }

    /** With the default IPVS scheduler. */
    public KubeProxySpec(Mode mode, boolean masqueradeAll, io.podnet.sim.net.Ipv4Prefix clusterCidr, Origin origin) {
        this(mode, masqueradeAll, clusterCidr, origin, null);
    }

    /** The same settings in another mode (its flags, origin and IPVS scheduler stay). */
    public KubeProxySpec withMode(Mode other) {
        return new KubeProxySpec(other, masqueradeAll, clusterCidr, origin, ipvsScheduler);
    }

    public KubeProxySpec {
        if (mode == null) {
            throw new IllegalArgumentException("kube-proxy mode is missing (iptables, nftables or ipvs)");
        }
        origin = origin == null ? Origin.NONE : origin;
    }

    /** kube-proxy's {@code --proxy-mode}. */
    public enum Mode {
        IPTABLES("iptables"), NFTABLES("nftables"), IPVS("ipvs");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Parses the mode as written in a kube-proxy configuration. */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.text.equals(text)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown kube-proxy mode '" + text + "' (expected iptables, nftables or ipvs)");
        }
    }
}
