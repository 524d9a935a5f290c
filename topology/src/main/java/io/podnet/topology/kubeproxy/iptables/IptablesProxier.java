package io.podnet.topology.kubeproxy.iptables;

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
 * kube-proxy in iptables mode ({@code pkg/proxy/iptables/proxier.go}): the rules one full
 * {@code syncProxyRules} writes for a node, as one {@code iptables-restore} file for the node's
 * namespace.
 *
 * <p>The file holds, per table ({@code filter}, then {@code nat}): the built-in chains with the
 * jump rules kube-proxy (and kubelet, for {@code KUBE-FIREWALL}) install with
 * {@code iptables -I}, in the order {@code iptables-save} then shows them; then the text of
 * kube-proxy's restore input, every argument in kube-proxy's own order (e.g.
 * {@code -m comment --comment "ns/svc:port cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80}),
 * laid out in the canonical order of kube-proxy's unit tests (see {@link RestoreText}).
 *
 * <p>Settings reproduced: masquerade bit {@code 0x4000}; {@code --random-fully} on MASQUERADE
 * (iptables 1.8 has it); local-traffic detection by cluster CIDR ({@code ! -s <clusterCIDR>}
 * marks off-cluster traffic to a ClusterIP for SNAT); {@code localhostNodePorts} on (so the
 * {@code KUBE-FIREWALL} rule is written and node ports are not blocked on 127/8);
 * conntrack not liberal (so {@code KUBE-FORWARD} drops INVALID); nfacct counters unavailable (so
 * no {@code -m nfacct} matches — kube-proxy leaves them out when it cannot create the counters);
 * not in large-cluster mode below 1000 endpoints. Services without a ClusterIP (headless,
 * ExternalName) get no rules. LoadBalancer ingress IPs jump to {@code KUBE-EXT-}, or with
 * {@code loadBalancerSourceRanges} to {@code KUBE-FW-} (one rule per range to {@code KUBE-EXT-}, the
 * VIP as source too when a range holds the node's address, then a comment-only rule), with a
 * {@code KUBE-PROXY-FIREWALL} DROP per ingress IP for what falls through. Endpoints: ready ones; when none is ready, serving-and-terminating
 * ones; Local policies use the node's own endpoints (by {@code nodeName}). Probabilities are
 * {@code 1/n, 1/(n-1), ...} printed with {@code %0.10f}.
 */
public final class IptablesProxier implements KubeProxy {
    static final String MASQ_MARK = "0x4000";
    static final int LARGE_CLUSTER_ENDPOINTS = 1000;

    private final boolean masqueradeAll;
    private Cluster cachedFor;
    private boolean cachedNodeDependent;
    private String cached;

    private final io.podnet.sim.net.Ipv4Prefix clusterCidr;

    public IptablesProxier(boolean masqueradeAll) {
        this(masqueradeAll, null);
    }

    /** With {@code --cluster-cidr} (null: the cluster's pod network). */
    public IptablesProxier(boolean masqueradeAll, io.podnet.sim.net.Ipv4Prefix clusterCidr) {
        this.masqueradeAll = masqueradeAll;
        this.clusterCidr = clusterCidr;
    }

    @Override
    public String mode() {
        return "iptables";
    }

    @Override
    public void program(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {
        // Whether the text depends on the node is decided once per cluster (not once per node: that
        // was nodes x Services checks, 50 million at 5,000 nodes and 10,000 Services).
        if (cachedFor != cluster) {
            cachedFor = cluster;
            cachedNodeDependent = nodeDependent(cluster);
            cached = null;
        }
        if (cachedNodeDependent) {
            nodeNs.iptables(render(cluster, node));
            return;
        }
        // Without Local traffic policies every node gets the same text: render it once per cluster.
        if (cached == null) {
            cached = render(cluster, node);
        }
        nodeNs.iptables(cached);
    }

    /** Whether any Service uses a Local traffic policy, which makes the rules differ per node. */
    static boolean nodeDependent(Cluster cluster) {
        for (ClusterService s : cluster.services()) {
            if (s.clusterIp() != null && ("Local".equals(s.internalTrafficPolicy()) || "Local".equals(s.externalTrafficPolicy()))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code iptables-restore} text for one node. */
    public String render(Cluster cluster, ClusterNode node) {
        RestoreText filter = new RestoreText("filter", List.of("INPUT", "FORWARD", "OUTPUT"));
        RestoreText nat = new RestoreText("nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"));
        for (String c : List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS",
                "KUBE-PROXY-FIREWALL", "KUBE-FIREWALL")) {
            filter.chain(c);
        }
        for (String c : List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ")) {
            nat.chain(c);
        }
        jumpRules(filter, nat);

        nat.rule("KUBE-POSTROUTING", "-m mark ! --mark " + MASQ_MARK + "/" + MASQ_MARK, "-j RETURN");
        nat.rule("KUBE-POSTROUTING", "-j MARK --xor-mark " + MASQ_MARK);
        nat.rule("KUBE-POSTROUTING", "-m comment --comment \"kubernetes service traffic requiring SNAT\"",
                "-j MASQUERADE --random-fully");
        nat.rule("KUBE-MARK-MASQ", "-j MARK --or-mark " + MASQ_MARK);
        filter.rule("KUBE-FIREWALL", "-m comment --comment \"block incoming localnet connections\"",
                "-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");

        List<Entry> entries = entries(cluster);
        int total = 0;
        for (Entry e : entries) {
            total += e.port.endpoints().size();
        }
        boolean largeCluster = total > LARGE_CLUSTER_ENDPOINTS;
        io.podnet.sim.net.Ipv4Prefix podCidr = clusterCidr != null ? clusterCidr : cluster.clusterCidr();
        String notLocal = "! -s " + podCidr.canonical();
        String local = "-s " + podCidr.canonical();
        for (Entry e : entries) {
            servicePort(filter, nat, e, node, notLocal, local, largeCluster);
        }

        nat.rule("KUBE-SERVICES",
                "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\"",
                "-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
        filter.rule("KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP");
        filter.rule("KUBE-FORWARD", "-m comment --comment \"kubernetes forwarding rules\"",
                "-m mark --mark " + MASQ_MARK + "/" + MASQ_MARK + " -j ACCEPT");
        filter.rule("KUBE-FORWARD", "-m comment --comment \"kubernetes forwarding conntrack rule\"",
                "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");

        StringBuilder out = new StringBuilder();
        filter.write(out);
        nat.write(out);
        return out.toString();
    }

    /** The jumps from the built-in chains, as {@code iptables-save} shows them on a kube-proxy node. */
    private static void jumpRules(RestoreText filter, RestoreText nat) {
        String lbFirewall = "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL";
        String external = "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES";
        String services = "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES";
        filter.rule("INPUT", lbFirewall);
        filter.rule("INPUT", "-m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS");
        filter.rule("INPUT", external);
        filter.rule("INPUT", "-j KUBE-FIREWALL");
        filter.rule("FORWARD", lbFirewall);
        filter.rule("FORWARD", "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD");
        filter.rule("FORWARD", services);
        filter.rule("FORWARD", external);
        filter.rule("OUTPUT", lbFirewall);
        filter.rule("OUTPUT", services);
        filter.rule("OUTPUT", "-j KUBE-FIREWALL");
        nat.rule("PREROUTING", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        nat.rule("OUTPUT", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        nat.rule("POSTROUTING", "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING");
    }

    private record Entry(ClusterService svc, ClusterServicePort port, String name) {}

    /** Service ports with a ClusterIP, by service port name (kube-proxy's order is its map's). */
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

    private void servicePort(RestoreText filter, RestoreText nat, Entry e, ClusterNode node, String notLocal,
                             String local, boolean largeCluster) {
        ClusterService svc = e.svc;
        ClusterServicePort port = e.port;
        String spn = e.name;
        String protocol = port.protocol().toLowerCase(Locale.ROOT);
        String match = "-m " + protocol + " -p " + protocol;

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

        String clusterChain = ChainNames.svc(spn, protocol);
        String localChain = ChainNames.svl(spn, protocol);
        boolean usesClusterChain = !clusterEps.isEmpty() && usesCluster;
        boolean usesLocalChain = !localEps.isEmpty() && usesLocal;
        String internalChain = clusterChain;
        boolean hasInternal = hasEndpoints;
        if (internalLocal) {
            internalChain = localChain;
            if (localEps.isEmpty()) {
                hasInternal = false;
            }
        }
        String externalPolicyChain = clusterChain;
        boolean hasExternal = hasEndpoints;
        if (externalLocal) {
            externalPolicyChain = localChain;
            if (localEps.isEmpty()) {
                hasExternal = false;
            }
        }
        String extChain = ChainNames.ext(spn, protocol);
        boolean usesExtChain = hasEndpoints && externallyAccessible;

        String internalTarget = null;
        String internalComment = null;
        String externalTarget = null;
        String externalComment = null;
        if (!hasEndpoints) {
            internalTarget = "REJECT";
            internalComment = quote(spn + " has no endpoints");
            externalTarget = "REJECT";
            externalComment = internalComment;
        } else {
            if (!hasInternal) {
                internalTarget = "DROP";
                internalComment = quote(spn + " has no local endpoints");
            }
            if (!hasExternal) {
                externalTarget = "DROP";
                externalComment = quote(spn + " has no local endpoints");
            }
        }
        String ip = svc.clusterIp().toString();
        String dport = "--dport " + port.port();
        if (hasInternal) {
            nat.rule("KUBE-SERVICES", "-m comment --comment " + quote(spn + " cluster IP"), match, "-d " + ip, dport,
                    "-j " + internalChain);
        } else {
            filter.rule("KUBE-SERVICES", "-m comment --comment " + internalComment, match, "-d " + ip, dport,
                    "-j " + internalTarget);
        }
        for (Ipv4Address ext : svc.externalIps()) {
            if (hasEndpoints) {
                nat.rule("KUBE-SERVICES", "-m comment --comment " + quote(spn + " external IP"), match, "-d " + ext, dport,
                        "-j " + extChain);
            }
            if (!hasExternal) {
                filter.rule("KUBE-EXTERNAL-SERVICES", "-m comment --comment " + externalComment, match, "-d " + ext, dport,
                        "-j " + externalTarget);
            }
        }
        // Load balancer ingress: through KUBE-FW- when loadBalancerSourceRanges restrict the sources;
        // what the FW chain lets fall through is dropped by KUBE-PROXY-FIREWALL (filter, ctstate NEW).
        String fwChain = ChainNames.fw(spn, protocol);
        boolean usesFwChain = hasEndpoints && !svc.loadBalancerIps().isEmpty() && !svc.sourceRanges().isEmpty();
        String lbTrafficChain = usesFwChain ? fwChain : extChain;
        for (Ipv4Address lb : svc.loadBalancerIps()) {
            if (hasEndpoints) {
                nat.rule("KUBE-SERVICES", "-m comment --comment " + quote(spn + " loadbalancer IP"), match, "-d " + lb, dport,
                        "-j " + lbTrafficChain);
            }
            if (usesFwChain) {
                filter.rule("KUBE-PROXY-FIREWALL", "-m comment --comment " + quote(spn + " traffic not accepted by " + fwChain),
                        match, "-d " + lb, dport, "-j DROP");
            }
        }
        if (!hasExternal) {
            for (Ipv4Address lb : svc.loadBalancerIps()) {
                filter.rule("KUBE-EXTERNAL-SERVICES", "-m comment --comment " + externalComment, match, "-d " + lb, dport,
                        "-j " + externalTarget);
            }
        }
        if (port.nodePort() != 0) {
            if (hasEndpoints) {
                nat.rule("KUBE-NODEPORTS", "-m comment --comment " + spn, match, "--dport " + port.nodePort(), "-j " + extChain);
            }
            if (!hasExternal) {
                filter.rule("KUBE-EXTERNAL-SERVICES", "-m comment --comment " + externalComment,
                        "-m addrtype --dst-type LOCAL", match, "--dport " + port.nodePort(), "-j " + externalTarget);
            }
        }
        if (svc.healthCheckNodePort() != 0) {
            filter.rule("KUBE-NODEPORTS", "-m comment --comment " + quote(spn + " health check node port"),
                    "-m tcp -p tcp --dport " + svc.healthCheckNodePort(), "-j ACCEPT");
        }

        if (hasInternal) {
            String args = String.join(" ", "-m comment --comment " + quote(spn + " cluster IP"), match, "-d " + ip, dport);
            if (masqueradeAll) {
                declare(nat, internalChain);
                nat.rule(internalChain, args, "-j KUBE-MARK-MASQ");
            } else {
                declare(nat, internalChain);
                nat.rule(internalChain, args, notLocal, "-j KUBE-MARK-MASQ");
            }
        }
        if (usesExtChain) {
            nat.chain(extChain);
            if (!externalLocal) {
                nat.rule(extChain, "-m comment --comment " + quote("masquerade traffic for " + spn + " external destinations"),
                        "-j KUBE-MARK-MASQ");
            } else {
                declare(nat, clusterChain);
                nat.rule(extChain, "-m comment --comment " + quote("pod traffic for " + spn + " external destinations"),
                        local, "-j " + clusterChain);
                nat.rule(extChain, "-m comment --comment " + quote("masquerade LOCAL traffic for " + spn + " external destinations"),
                        "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
                nat.rule(extChain, "-m comment --comment " + quote("route LOCAL traffic for " + spn + " external destinations"),
                        "-m addrtype --src-type LOCAL -j " + clusterChain);
            }
            if (hasExternal) {
                declare(nat, externalPolicyChain);
                nat.rule(extChain, "-j " + externalPolicyChain);
            }
        }
        if (usesFwChain) {
            nat.chain(fwChain);
            String lbComment = "-m comment --comment " + quote(spn + " loadbalancer IP");
            boolean allowFromNode = false;
            for (io.podnet.sim.net.Ipv4Prefix range : svc.sourceRanges()) {
                nat.rule(fwChain, lbComment, "-s " + range, "-j " + extChain);
                allowFromNode |= range.contains(node.address());
            }
            if (allowFromNode) { // a VIP routed locally loops back with the VIP as source
                for (Ipv4Address lb : svc.loadBalancerIps()) {
                    nat.rule(fwChain, lbComment, "-s " + lb, "-j " + extChain);
                }
            }
            nat.rule(fwChain, "-m comment --comment " + quote("other traffic to " + spn
                    + " will be dropped by KUBE-PROXY-FIREWALL"));
        }
        if (usesClusterChain) {
            nat.chain(clusterChain);
            endpointRules(nat, spn, protocol, svc, clusterChain, clusterEps, largeCluster);
        }
        if (usesLocalChain) {
            nat.chain(localChain);
            endpointRules(nat, spn, protocol, svc, localChain, localEps, largeCluster);
        }
        for (ServiceEndpoint ep : reachable) {
            String sep = ChainNames.sep(spn, protocol, ep.text());
            nat.chain(sep);
            String comment = largeCluster ? "" : "-m comment --comment " + spn;
            nat.rule(sep, comment, "-s " + ep.ip(), "-j KUBE-MARK-MASQ");
            String affinity = "ClientIP".equals(svc.sessionAffinity()) ? "-m recent --name " + sep + " --set" : "";
            nat.rule(sep, comment, affinity, match, "-j DNAT --to-destination " + ep.text());
        }
    }

    /** Declares a chain that a rule is about to be added to (kube-proxy writes it in the same pass). */
    private static void declare(RestoreText nat, String chain) {
        nat.chain(chain);
    }

    private static void endpointRules(RestoreText nat, String spn, String protocol, ClusterService svc, String chain,
                                      List<ServiceEndpoint> eps, boolean largeCluster) {
        if ("ClientIP".equals(svc.sessionAffinity())) {
            for (ServiceEndpoint ep : eps) {
                String sep = ChainNames.sep(spn, protocol, ep.text());
                String comment = largeCluster ? "" : "-m comment --comment " + quote(spn + " -> " + ep.text());
                nat.rule(chain, comment, "-m recent --name " + sep + " --rcheck --seconds " + svc.affinityTimeout()
                        + " --reap", "-j " + sep);
            }
        }
        int n = eps.size();
        for (int i = 0; i < n; i++) {
            ServiceEndpoint ep = eps.get(i);
            String sep = ChainNames.sep(spn, protocol, ep.text());
            String comment = largeCluster ? "" : "-m comment --comment " + quote(spn + " -> " + ep.text());
            String stat = i < n - 1 ? "-m statistic --mode random --probability " + probability(n - i) : "";
            nat.rule(chain, comment, stat, "-j " + sep);
        }
    }

    /** kube-proxy's {@code fmt.Sprintf("%0.10f", 1.0/float64(n))}. */
    public static String probability(int n) {
        // Go rounds the exact binary value half-to-even; BigDecimal(double) is that exact value.
        return new java.math.BigDecimal(1.0 / n).setScale(10, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
