package io.podnet.topology.spec;

/**
 * How kube-proxy runs on every node.
 *
 * @param mode          the proxy mode; only {@link Mode#IPTABLES} is rendered so far
 * @param masqueradeAll kube-proxy's {@code --masquerade-all}: mark all ClusterIP traffic for SNAT
 */
public record KubeProxySpec(Mode mode, boolean masqueradeAll) {
    public static final KubeProxySpec IPTABLES = new KubeProxySpec(Mode.IPTABLES, false);

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
