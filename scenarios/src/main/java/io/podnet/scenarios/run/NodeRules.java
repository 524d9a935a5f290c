package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.topology.TopologyException;
import io.podnet.topology.kubeproxy.nftables.NftablesProxier;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.KubeProxySpec;

/**
 * What a node holds, as the node's own tools print it: the iptables tables ({@code iptables-save}
 * layout, from the rendered {@code iptables-restore} text) and, in nftables mode, kube-proxy's
 * {@code table ip kube-proxy} ({@code nft list ruleset} layout); in IPVS mode first the addresses of
 * {@code kube-ipvs0}, the IPVS table ({@code ipvsadm -Ln} layout) and the IP sets ({@code ipset save}).
 */
public final class NodeRules {
    private NodeRules() {}

    /**
     * The node's rules; {@code table} null for all, an iptables table name ({@code nat},
     * {@code filter}...) for that table only, {@code kube-proxy} for the nftables table only, or in IPVS
     * mode {@code ipvs} (the {@code ipvsadm -Ln} listing) or {@code ipset} (the IP sets) only.
     * Null when the cluster has no node {@code node}.
     */
    public static String of(Scenario s, String node, String table) throws ScenarioException {
        ClusterSpec spec = s.clusterSpec();
        RenderedCluster rc;
        try {
            rc = ClusterRenderer.render(spec, s.seed());
        } catch (TopologyException e) {
            throw new ScenarioException(TopologyErrors.diagnostic(s, e));
        }
        ClusterNode n = null;
        for (ClusterNode c : rc.cluster().nodes()) {
            if (c.name().equals(node)) {
                n = c;
            }
        }
        if (n == null) {
            return null;
        }
        NamespaceConfig ns = rc.network().namespace(node);
        StringBuilder out = new StringBuilder();
        if (spec.kubeProxy().mode() == KubeProxySpec.Mode.IPVS && !ns.ipvs().isEmpty()) {
            // kube-proxy's IPVS mode: ipvsadm -Ln, ipset save, then the iptables tables
            if (table == null || table.equals("ipvs")) {
                io.podnet.sim.config.InterfaceConfig dummy = ns.iface(io.podnet.topology.kubeproxy.ipvs.IpvsProxier.DUMMY);
                if (table == null) {
                    out.append("# ip -4 addr show ").append(io.podnet.topology.kubeproxy.ipvs.IpvsProxier.DUMMY).append('\n');
                    if (dummy != null) {
                        for (io.podnet.sim.net.Ipv4Prefix p : dummy.addresses()) {
                            out.append("    inet ").append(p).append(" scope global ").append(dummy.name()).append('\n');
                        }
                    }
                    out.append("# ipvsadm -Ln\n");
                }
                out.append(io.podnet.sim.ipvs.IpvsTable.parse(ns.ipvs().ipvsadm()).listing(null));
            }
            if (table == null || table.equals("ipset")) {
                if (table == null) {
                    out.append("# ipset save\n");
                }
                out.append(ns.ipvs().ipsets());
            }
            if (table == null) {
                out.append("# iptables-save\n");
            }
            if (table != null && (table.equals("ipvs") || table.equals("ipset"))) {
                return out.toString();
            }
        }
        if (table == null || !table.equals(NftablesProxier.TABLE)) {
            out.append(iptablesTables(ns.iptables(), table));
        }
        if (spec.kubeProxy().mode() == KubeProxySpec.Mode.NFTABLES && (table == null || table.equals(NftablesProxier.TABLE))) {
            out.append(new NftablesProxier(spec.kubeProxy().masqueradeAll()).render(rc.cluster(), n).listing());
        }
        return out.toString();
    }

    /** The {@code *TABLE ... COMMIT} blocks of restore text, all or the one named. */
    static String iptablesTables(String text, String table) {
        if (table == null) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String l : text.split("\n")) {
            if (l.startsWith("*")) {
                in = l.substring(1).trim().equals(table);
            }
            if (in) {
                out.append(l).append('\n');
            }
            if (l.equals("COMMIT")) {
                in = false;
            }
        }
        return out.toString();
    }
}
