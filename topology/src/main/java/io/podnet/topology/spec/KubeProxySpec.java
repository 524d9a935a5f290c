package io.podnet.topology.spec;

/**
 * How kube-proxy runs on every node.
 *
 * @param mode          the proxy mode; only {@link Mode#IPTABLES} is rendered so far
 * @param masqueradeAll kube-proxy's {@code --masquerade-all}: mark all ClusterIP traffic for SNAT
 * @param clusterCidr   kube-proxy's {@code --cluster-cidr} (local-traffic detection), or null for the
 *                      CNI's pod network (what kubeadm passes)
 * @param ipvsScheduler the IPVS scheduler ({@code ipvs.scheduler} of the configuration) in IPVS mode,
 *                      or null for kube-proxy's default {@code rr}
 */
public record KubeProxySpec(Mode mode, boolean masqueradeAll, io.podnet.sim.net.Ipv4Prefix clusterCidr,
                            String ipvsScheduler) {
    public static final KubeProxySpec IPTABLES = new KubeProxySpec(Mode.IPTABLES, false);

    /** Without {@code --cluster-cidr}: the CNI's pod network. */
    public KubeProxySpec(Mode mode, boolean masqueradeAll) {
        this(mode, masqueradeAll, null, null);
    }

    /** With the default IPVS scheduler. */
    public KubeProxySpec(Mode mode, boolean masqueradeAll, io.podnet.sim.net.Ipv4Prefix clusterCidr) {
        this(mode, masqueradeAll, clusterCidr, null);
    }

    public KubeProxySpec {
        if (mode == null) {
            throw new IllegalArgumentException("kube-proxy mode is missing (iptables, nftables or ipvs)");
        }
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
