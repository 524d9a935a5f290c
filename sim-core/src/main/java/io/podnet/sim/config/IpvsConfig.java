package io.podnet.sim.config;

/**
 * What kube-proxy's IPVS mode programs into a node besides its iptables rules, as the node's own
 * tools print it: the IPVS table as {@code ipvsadm-save -n} writes it ({@code -A -t VIP:PORT -s rr}
 * for a virtual service, {@code -a -t VIP:PORT -r RIP:PORT -m -w 1} for a real server, read back by
 * {@code io.podnet.sim.ipvs.IpvsTable}) and the IP sets as {@code ipset save} writes them (read by
 * {@code io.podnet.sim.netfilter.IpSets}).
 *
 * @param ipvsadm the {@code ipvsadm-save -n} text, or empty when the namespace runs no IPVS
 * @param ipsets  the {@code ipset save} text, or empty
 */
public record IpvsConfig(String ipvsadm, String ipsets) {
    /** No IPVS, no IP sets. */
    public static final IpvsConfig NONE = new IpvsConfig("", "");

    public IpvsConfig {
        ipvsadm = ipvsadm == null ? "" : ipvsadm;
        ipsets = ipsets == null ? "" : ipsets;
    }

    /** True when neither an IPVS table nor IP sets are programmed. */
    public boolean isEmpty() {
        return ipvsadm.isBlank() && ipsets.isBlank();
    }
}
