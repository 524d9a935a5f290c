package io.podnet.topology.kubeproxy.nftables;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.kubeproxy.KubeProxy;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import io.podnet.topology.netns.NamespaceDraft;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * kube-proxy in nftables mode ({@code pkg/proxy/nftables/proxier.go}): the transaction one full
 * {@code syncProxyRules} sends for a node, in {@code table ip kube-proxy}.
 *
 * <p>Settings reproduced: masquerade bit {@code 0x4000}; local-traffic detection by cluster CIDR
 * ({@code ip saddr != CIDR} marks off-cluster traffic to a ClusterIP); node port addresses: the
 * node's primary address (the {@code nodeport-ips} set), so NodePorts are not accepted on
 * 127.0.0.1 (upstream's documented difference from iptables mode). Endpoint selection is the same
 * as in iptables mode ({@code CategorizeEndpoints}). LoadBalancer ingress IPs go to the
 * {@code external-} chain through {@code service-ips}; with {@code loadBalancerSourceRanges} each
 * ingress IP also gets a {@code firewall-ips} element sending new connections, before DNAT, to a
 * {@code firewall-} chain that drops every source outside the ranges (the node's own traffic to the
 * VIP allowed when a range holds the node's address), as upstream's proxier writes them.
 */
public final class NftablesProxier implements KubeProxy {
    public static final String TABLE = "kube-proxy";
    static final String MASQ_MARK = "0x4000";

    private final boolean masqueradeAll;

    public NftablesProxier(boolean masqueradeAll) {
        this.masqueradeAll = masqueradeAll;
    }

    @Override
    public String mode() {
        return "nftables";
    }

    @Override
    public void program(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {
        nodeNs.nftables(render(cluster, node).transaction());
    }

    /** The node's table (print {@link NftText#transaction()} for {@code nft -f}). */
    public NftText render(Cluster cluster, ClusterNode node) {
        NftText t = new NftText("ip", TABLE, "rules for kube-proxy");
        String cidr = cluster.clusterCidr().canonical().toString();
        t.set("cluster-ips", "type ipv4_addr ; comment \"Active ClusterIPs\" ;");
        t.set("nodeport-ips", "type ipv4_addr ; comment \"IPs that accept NodePort traffic\" ;");
        t.map("firewall-ips", "type ipv4_addr . inet_proto . inet_service : verdict ; comment \"destinations that are subject to LoadBalancerSourceRanges\" ;");
        t.map("no-endpoint-nodeports", "type inet_proto . inet_service : verdict ; comment \"vmap to drop or reject packets to service nodeports with no endpoints\" ;");
        t.map("no-endpoint-services", "type ipv4_addr . inet_proto . inet_service : verdict ; comment \"vmap to drop or reject packets to services with no endpoints\" ;");
        t.map("service-ips", "type ipv4_addr . inet_proto . inet_service : verdict ; comment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\" ;");
        t.map("service-nodeports", "type inet_proto . inet_service : verdict ; comment \"NodePort traffic\" ;");
        t.chain("cluster-ips-check", null);
        t.chain("filter-prerouting-pre-dnat", "type filter hook prerouting priority -110 ;");
        t.chain("filter-output-pre-dnat", "type filter hook output priority -110 ;");
        t.chain("filter-forward", "type filter hook forward priority 0 ;");
        t.chain("filter-input", "type filter hook input priority 0 ;");
        t.chain("filter-output", "type filter hook output priority 0 ;");
        t.chain("firewall-check", null);
        t.chain("mark-for-masquerade", null);
        t.chain("masquerading", null);
        t.chain("nat-output", "type nat hook output priority -100 ;");
        t.chain("nat-postrouting", "type nat hook postrouting priority 100 ;");
        t.chain("nat-prerouting", "type nat hook prerouting priority -100 ;");
        t.chain("nodeport-endpoints-check", null);
        t.chain("reject-chain", "comment \"helper for @no-endpoint-services / @no-endpoint-nodeports\" ;");
        t.chain("services", null);
        t.chain("service-endpoints-check", null);

        t.rule("cluster-ips-check", "ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"");
        t.rule("cluster-ips-check", "ip daddr { " + cluster.serviceCidr().canonical() + " } drop comment \"Drop traffic to unallocated ClusterIPs\"");
        t.rule("filter-prerouting-pre-dnat", "ct state new jump firewall-check");
        t.rule("filter-forward", "ct state new jump service-endpoints-check");
        t.rule("filter-forward", "ct state new jump cluster-ips-check");
        t.rule("filter-input", "ct state new jump nodeport-endpoints-check");
        t.rule("filter-input", "ct state new jump service-endpoints-check");
        t.rule("filter-output", "ct state new jump service-endpoints-check");
        t.rule("filter-output-pre-dnat", "ct state new jump firewall-check");
        t.rule("filter-output", "ct state new jump cluster-ips-check");
        t.rule("firewall-check", "ip daddr . meta l4proto . th dport vmap @firewall-ips");
        t.rule("mark-for-masquerade", "mark set mark or " + MASQ_MARK);
        t.rule("masquerading", "mark and " + MASQ_MARK + " == 0 return");
        t.rule("masquerading", "mark set mark xor " + MASQ_MARK);
        t.rule("masquerading", "masquerade fully-random");
        t.rule("nat-output", "jump services");
        t.rule("nat-postrouting", "jump masquerading");
        t.rule("nat-prerouting", "jump services");
        t.rule("nodeport-endpoints-check", "ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports");
        t.rule("reject-chain", "reject");
        t.rule("services", "ip daddr . meta l4proto . th dport vmap @service-ips");
        t.rule("services", "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports");
        t.element("nodeport-ips", node.address().toString());
        t.rule("service-endpoints-check", "ip daddr . meta l4proto . th dport vmap @no-endpoint-services");

        for (Entry e : entries(cluster)) {
            servicePort(t, e, node, cidr);
        }
        return t;
    }

    private record Entry(ClusterService svc, ClusterServicePort port, String name) {}

    private static List<Entry> entries(Cluster cluster) {
        List<Entry> out = new ArrayList<>();
        for (ClusterService s : cluster.services()) {
            if (s.clusterIp() == null) {
                continue;
            }
            for (ClusterServicePort p : s.ports()) {
                out.add(new Entry(s, p, p.servicePortName(s.namespace(), s.name())));
            }
        }
        out.sort(Comparator.comparing((Entry e) -> e.svc.namespace()).thenComparing(e -> e.svc.name()));
        return out;
    }

    private void servicePort(NftText t, Entry e, ClusterNode node, String cidr) {
        ClusterService svc = e.svc;
        ClusterServicePort port = e.port;
        String spn = e.name;
        String protocol = port.protocol().toLowerCase(Locale.ROOT);
        String base = NftChainNames.serviceBase(svc.namespace(), svc.name(), protocol, port.name());

        boolean externallyAccessible = port.nodePort() != 0 || !svc.externalIps().isEmpty()
                || !svc.loadBalancerIps().isEmpty();
        // proxy.CategorizeEndpoints, as in every mode.
        io.podnet.topology.kubeproxy.EndpointCategories cat = io.podnet.topology.kubeproxy.EndpointCategories.of(svc,
                port, node.name(), externallyAccessible);
        boolean internalLocal = cat.internalLocal();
        boolean externalLocal = cat.externalLocal();
        boolean usesCluster = cat.usesCluster();
        boolean usesLocal = cat.usesLocal();
        List<ServiceEndpoint> clusterEps = cat.clusterEps();
        List<ServiceEndpoint> localEps = cat.localEps();
        List<ServiceEndpoint> reachable = cat.reachable();
        boolean hasEndpoints = cat.hasEndpoints();

        String clusterChain = "service-" + base;
        String localChain = "local-" + base;
        String extChain = "external-" + base;
        boolean usesClusterChain = !clusterEps.isEmpty() && usesCluster;
        boolean usesLocalChain = !localEps.isEmpty() && usesLocal;
        String internalChain = clusterChain;
        boolean hasInternal = hasEndpoints;
        if (internalLocal) {
            internalChain = localChain;
            hasInternal = !localEps.isEmpty() && hasInternal;
        }
        String externalPolicyChain = clusterChain;
        boolean hasExternal = hasEndpoints;
        if (externalLocal) {
            externalPolicyChain = localChain;
            hasExternal = !localEps.isEmpty() && hasExternal;
        }
        boolean usesExtChain = hasEndpoints && externallyAccessible;
        boolean affinity = "ClientIP".equals(svc.sessionAffinity());

        // Chains first (nft -f needs a chain before a rule or element refers to it).
        for (ServiceEndpoint ep : reachable) {
            t.chain(endpointChain(svc, protocol, port, ep), null);
        }
        if (usesClusterChain) {
            t.chain(clusterChain, null);
        }
        if (usesLocalChain) {
            t.chain(localChain, null);
        }
        if (usesExtChain) {
            t.chain(extChain, null);
        }
        // loadBalancerSourceRanges: the firewall chain drops every other source before DNAT (it is
        // reached from filter-prerouting-pre-dnat / filter-output-pre-dnat through @firewall-ips).
        String fwChain = "firewall-" + base;
        boolean usesFwChain = !svc.loadBalancerIps().isEmpty() && !svc.sourceRanges().isEmpty();
        if (usesFwChain) {
            t.chain(fwChain, null);
            StringBuilder sources = new StringBuilder();
            boolean allowFromNode = false;
            for (io.podnet.sim.net.Ipv4Prefix range : svc.sourceRanges()) {
                if (sources.length() > 0) {
                    sources.append(" , ");
                }
                sources.append(range);
                allowFromNode |= range.contains(node.address());
            }
            if (allowFromNode) { // a VIP routed locally loops back with the VIP as source
                for (Ipv4Address lb : svc.loadBalancerIps()) {
                    sources.append(" , ").append(lb);
                }
            }
            t.rule(fwChain, "ip saddr != { " + sources + " } drop");
        }

        String internalVerdict = null;
        String externalVerdict = null;
        if (!hasEndpoints) {
            internalVerdict = "goto reject-chain";
            externalVerdict = "goto reject-chain";
        } else {
            if (!hasInternal) {
                internalVerdict = "drop";
            }
            if (!hasExternal) {
                externalVerdict = "drop";
            }
        }
        String ip = svc.clusterIp().toString();
        String comment = " comment \"" + spn + "\"";
        t.element("cluster-ips", ip);
        String key = " . " + protocol + " . " + port.port();
        if (hasInternal) {
            t.element("service-ips", ip + key + " : goto " + internalChain);
        } else {
            t.element("no-endpoint-services", ip + key + comment + " : " + internalVerdict);
        }
        for (Ipv4Address ext : svc.externalIps()) {
            if (hasEndpoints) {
                t.element("service-ips", ext + key + " : goto " + extChain);
            }
            if (!hasExternal) {
                t.element("no-endpoint-services", ext + key + comment + " : " + externalVerdict);
            }
        }
        for (Ipv4Address lb : svc.loadBalancerIps()) {
            if (hasEndpoints) {
                t.element("service-ips", lb + key + " : goto " + extChain);
            }
            if (usesFwChain) {
                t.element("firewall-ips", lb + key + " : goto " + fwChain);
            }
        }
        if (!hasExternal) {
            for (Ipv4Address lb : svc.loadBalancerIps()) {
                t.element("no-endpoint-services", lb + key + comment + " : " + externalVerdict);
            }
        }
        if (port.nodePort() != 0) {
            String npKey = protocol + " . " + port.nodePort();
            if (hasEndpoints) {
                t.element("service-nodeports", npKey + " : goto " + extChain);
            }
            if (!hasExternal) {
                t.element("no-endpoint-nodeports", npKey + comment + " : " + externalVerdict);
            }
        }

        if (hasInternal) {
            if (masqueradeAll) {
                t.rule(internalChain, "ip daddr " + ip + " jump mark-for-masquerade");
            } else {
                t.rule(internalChain, "ip daddr " + ip + " ip saddr != " + cidr + " jump mark-for-masquerade");
            }
        }
        if (usesExtChain) {
            if (!externalLocal) {
                t.rule(extChain, "jump mark-for-masquerade");
            } else {
                t.chain(clusterChain, null);
                t.rule(extChain, "ip saddr " + cidr + " goto " + clusterChain + " comment \"short-circuit pod traffic\"");
                t.rule(extChain, "fib saddr type local jump mark-for-masquerade comment \"masquerade local traffic\"");
                t.rule(extChain, "fib saddr type local goto " + clusterChain + " comment \"short-circuit local traffic\"");
            }
            if (hasExternal) {
                t.rule(extChain, "goto " + externalPolicyChain);
            }
        }
        if (affinity) {
            for (ServiceEndpoint ep : reachable) {
                t.set(affinitySet(svc, protocol, port, ep),
                        "type ipv4_addr ; flags dynamic,timeout ; timeout " + svc.affinityTimeout() + "s ;");
            }
        }
        if (usesClusterChain) {
            endpointRules(t, svc, protocol, port, clusterChain, clusterEps, affinity);
        }
        if (usesLocalChain) {
            endpointRules(t, svc, protocol, port, localChain, localEps, affinity);
        }
        for (ServiceEndpoint ep : reachable) {
            String chain = endpointChain(svc, protocol, port, ep);
            t.rule(chain, "ip saddr " + ep.ip() + " jump mark-for-masquerade");
            if (affinity) {
                t.rule(chain, "update @" + affinitySet(svc, protocol, port, ep) + " { ip saddr }");
            }
            t.rule(chain, "meta l4proto " + protocol + " dnat to " + ep.text());
        }
    }

    private static void endpointRules(NftText t, ClusterService svc, String protocol, ClusterServicePort port,
                                      String chain, List<ServiceEndpoint> eps, boolean affinity) {
        if (affinity) {
            for (ServiceEndpoint ep : eps) {
                t.rule(chain, "ip saddr @" + affinitySet(svc, protocol, port, ep) + " goto " + endpointChain(svc, protocol, port, ep));
            }
        }
        StringBuilder vmap = new StringBuilder("numgen random mod " + eps.size() + " vmap { ");
        for (int i = 0; i < eps.size(); i++) {
            if (i > 0) {
                vmap.append(" , ");
            }
            vmap.append(i).append(" : goto ").append(endpointChain(svc, protocol, port, eps.get(i)));
        }
        t.rule(chain, vmap.append(" }").toString());
    }

    static String endpointChain(ClusterService svc, String protocol, ClusterServicePort port, ServiceEndpoint ep) {
        return "endpoint-" + NftChainNames.endpointBase(svc.namespace(), svc.name(), protocol, port.name(),
                ep.ip().toString(), ep.port());
    }

    static String affinitySet(ClusterService svc, String protocol, ClusterServicePort port, ServiceEndpoint ep) {
        return "affinity-" + NftChainNames.endpointBase(svc.namespace(), svc.name(), protocol, port.name(),
                ep.ip().toString(), ep.port());
    }
}
