package io.podnet.topology.kubeproxy.ipvs;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.IpvsConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.kubeproxy.EndpointCategories;
import io.podnet.topology.kubeproxy.KubeProxy;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import io.podnet.topology.netns.NamespaceDraft;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * kube-proxy in IPVS mode ({@code pkg/proxy/ipvs/proxier.go}, one full {@code syncProxyRules}):
 * the {@code kube-ipvs0} dummy device holding every ClusterIP (and the external and load balancer
 * addresses that are not the node's own), one IPVS virtual service per ClusterIP:port, external
 * IP:port, load balancer IP:port and node address:NodePort, each with the endpoints as masqueraded
 * real servers of weight 1 and the configured scheduler (persistent with the affinity timeout for
 * ClientIP affinity), the IP sets of {@code ipsetInfo} with their entries, and the iptables rules
 * of {@code writeIptablesRules} plus the jump rules of {@code createAndLinkKubeChain} (laid out as
 * one {@code iptables-restore} file: nat first, then filter, as kube-proxy restores them, each
 * chain's rules together as {@code iptables-save} lists them).
 *
 * <p>Settings reproduced: masquerade bit {@code 0x4000}; {@code MASQUERADE --random-fully};
 * local-traffic detection by cluster CIDR ({@code ! -s CIDR} on the KUBE-CLUSTER-IP mark rule);
 * NodePorts on every address of the node except {@code kube-ipvs0}'s and loopback (kube-proxy's
 * default {@code nodePortAddresses}). Real servers are listed sorted by address and port (upstream
 * adds them in Go map order). Not rendered: {@code KUBE-IPVS-OUT-FILTER}'s {@code -m ipvs} rules
 * for load balancers whose source ranges exclude the node (podnet's netfilter has no {@code -m ipvs}).
 */
public final class IpvsProxier implements KubeProxy {
    /** kube-proxy's {@code defaultDummyDevice}. */
    public static final String DUMMY = "kube-ipvs0";
    static final String MASQ_MARK = "0x4000";

    /** The sets of {@code ipsetInfo}: name, type, comment. */
    static final String[][] SETS = {
        {"KUBE-LOOP-BACK", "hash:ip,port,ip", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"},
        {"KUBE-CLUSTER-IP", "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"},
        {"KUBE-EXTERNAL-IP", "hash:ip,port", "Kubernetes service external ip + port for masquerade and filter purpose"},
        {"KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port", "Kubernetes service external ip + port with externalTrafficPolicy=local"},
        {"KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"},
        {"KUBE-LOAD-BALANCER-FW", "hash:ip,port", "Kubernetes service load balancer ip + port for load balancer with sourceRange"},
        {"KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port", "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"},
        {"KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip", "Kubernetes service load balancer ip + port + source IP for packet filter purpose"},
        {"KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net", "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"},
        {"KUBE-NODE-PORT-TCP", "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"},
        {"KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"},
        {"KUBE-NODE-PORT-UDP", "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"},
        {"KUBE-NODE-PORT-LOCAL-UDP", "bitmap:port", "Kubernetes nodeport UDP port with externalTrafficPolicy=local"},
        {"KUBE-NODE-PORT-SCTP-HASH", "hash:ip,port", "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"},
        {"KUBE-NODE-PORT-LOCAL-SCTP-HASH", "hash:ip,port", "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"},
        {"KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", "Kubernetes health check node port"},
        {"KUBE-IPVS-IPS", "hash:ip", "Addresses on the ipvs interface"},
    };

    /** {@code ipsetWithIptablesChain}: set, table, from chain, to, match type, protocol. */
    private static final String[][] SET_RULES = {
        {"KUBE-LOOP-BACK", "nat", "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", ""},
        {"KUBE-LOAD-BALANCER", "nat", "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", ""},
        {"KUBE-LOAD-BALANCER-LOCAL", "nat", "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", ""},
        {"KUBE-NODE-PORT-LOCAL-TCP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "tcp"},
        {"KUBE-NODE-PORT-TCP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"},
        {"KUBE-NODE-PORT-LOCAL-UDP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "udp"},
        {"KUBE-NODE-PORT-UDP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"},
        {"KUBE-NODE-PORT-LOCAL-SCTP-HASH", "nat", "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"},
        {"KUBE-NODE-PORT-SCTP-HASH", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"},
        {"KUBE-LOAD-BALANCER-FW", "filter", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", ""},
        {"KUBE-LOAD-BALANCER-SOURCE-CIDR", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", ""},
        {"KUBE-LOAD-BALANCER-SOURCE-IP", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", ""},
    };

    /** One virtual service with its real servers. */
    public record VirtualServer(String protocol, Ipv4Address address, int port, String scheduler, int persistence,
                                List<ServiceEndpoint> reals) {
        public VirtualServer {
            reals = List.copyOf(reals);
        }
    }

    /**
     * What one sync writes for a node.
     *
     * @param bound    the addresses on {@code kube-ipvs0} (sorted)
     * @param services the virtual services (sorted by protocol, address, port)
     * @param ipsets   the entries of every set of {@code ipsetInfo} (sets in {@code ipsetInfo} order, entries sorted)
     * @param iptables the {@code iptables-restore} text
     */
    public record Rendered(List<Ipv4Address> bound, List<VirtualServer> services, Map<String, List<String>> ipsets,
                           String iptables) {
        /** The IPVS table as {@code ipvsadm-save -n} writes it. */
        public String ipvsadmSave() {
            StringBuilder sb = new StringBuilder();
            for (VirtualServer v : services) {
                String opt = v.protocol().equals("TCP") ? "-t" : v.protocol().equals("UDP") ? "-u" : "--sctp-service";
                String vs = opt + " " + v.address() + ":" + v.port();
                sb.append("-A ").append(vs).append(" -s ").append(v.scheduler());
                if (v.persistence() > 0) {
                    sb.append(" -p ").append(v.persistence());
                }
                sb.append('\n');
                for (ServiceEndpoint ep : v.reals()) {
                    sb.append("-a ").append(vs).append(" -r ").append(ep.ip()).append(':').append(ep.port())
                            .append(" -m -w 1\n");
                }
            }
            return sb.toString();
        }

        /** The IP sets as {@code ipset save} prints them. */
        public String ipsetSave() {
            StringBuilder sb = new StringBuilder();
            for (String[] s : SETS) {
                sb.append("create ").append(s[0]).append(' ').append(s[1]);
                if (s[1].startsWith("bitmap")) {
                    sb.append(" range 0-65535 comment\n");
                } else {
                    sb.append(" family inet hashsize 1024 maxelem 65536 comment\n");
                }
            }
            for (String[] s : SETS) {
                for (String e : ipsets.get(s[0])) {
                    sb.append("add ").append(s[0]).append(' ').append(e).append('\n');
                }
            }
            return sb.toString();
        }

        /** {@link #ipvsadmSave()} and {@link #ipsetSave()} as the namespace carries them. */
        public IpvsConfig config() {
            return new IpvsConfig(ipvsadmSave(), ipsetSave());
        }
    }

    private final boolean masqueradeAll;
    private final Ipv4Prefix clusterCidr;
    private final String scheduler;

    /**
     * @param clusterCidr {@code --cluster-cidr}, or null for the CNI's pod network
     * @param scheduler   {@code ipvs.scheduler}, or null for {@code rr}
     */
    public IpvsProxier(boolean masqueradeAll, Ipv4Prefix clusterCidr, String scheduler) {
        this.masqueradeAll = masqueradeAll;
        this.clusterCidr = clusterCidr;
        this.scheduler = scheduler == null || scheduler.isEmpty() ? "rr" : scheduler;
    }

    @Override
    public String mode() {
        return "ipvs";
    }

    @Override
    public void program(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {
        List<Ipv4Address> nodeIps = new ArrayList<>();
        for (InterfaceConfig i : nodeNs.interfaces()) {
            if (i.name().equals(DUMMY)) {
                continue;
            }
            for (Ipv4Prefix p : i.addresses()) {
                int first = p.address().bits() >>> 24;
                boolean linkLocal = (p.address().bits() >>> 16) == 0xa9fe;
                if (first != 127 && !linkLocal && !nodeIps.contains(p.address())) {
                    nodeIps.add(p.address());
                }
            }
        }
        Rendered r = render(cluster, node, nodeIps);
        List<Ipv4Prefix> addrs = new ArrayList<>();
        for (Ipv4Address a : r.bound()) {
            addrs.add(new Ipv4Prefix(a, 32));
        }
        nodeNs.addInterface(new InterfaceConfig.Dummy(DUMMY, MacAddress.derived(node.name() + "/" + DUMMY), 1500, addrs));
        nodeNs.iptables(r.iptables());
        nodeNs.ipvs(r.config());
    }

    /** One sync for {@code node}, whose addresses (other than kube-ipvs0's and loopback) are {@code nodeIps}. */
    public Rendered render(Cluster cluster, ClusterNode node, List<Ipv4Address> nodeIps) {
        Map<String, TreeSet<String>> sets = new LinkedHashMap<>();
        for (String[] s : SETS) {
            sets.put(s[0], new TreeSet<>(IpvsProxier::compareEntries));
        }
        List<VirtualServer> vss = new ArrayList<>();
        TreeSet<Ipv4Address> bound = new TreeSet<>(Comparator.comparingLong(a -> a.bits() & 0xffffffffL));
        List<Ipv4Address> sortedNodeIps = new ArrayList<>(nodeIps);
        sortedNodeIps.sort(Comparator.comparingLong(a -> a.bits() & 0xffffffffL));
        for (ClusterService svc : cluster.services()) {
            if (svc.clusterIp() == null || "ExternalName".equals(svc.type())) {
                continue;
            }
            for (ClusterServicePort port : svc.ports()) {
                String proto = port.protocol().toLowerCase(Locale.ROOT);
                String protoUpper = port.protocol().toUpperCase(Locale.ROOT);
                int persistence = "ClientIP".equals(svc.sessionAffinity()) ? svc.affinityTimeout() : 0;
                boolean externallyAccessible = port.nodePort() != 0 || !svc.externalIps().isEmpty()
                        || !svc.loadBalancerIps().isEmpty();
                EndpointCategories cat = EndpointCategories.of(svc, port, node.name(), externallyAccessible);
                boolean externalLocal = cat.externalLocal();
                List<ServiceEndpoint> internal = reals(cat, cat.internalLocal());
                List<ServiceEndpoint> external = reals(cat, externalLocal);

                for (ServiceEndpoint ep : port.endpoints()) {
                    if (ep.node().equals(node.name())) {
                        sets.get("KUBE-LOOP-BACK").add(ep.ip() + "," + proto + ":" + ep.port() + "," + ep.ip());
                    }
                }
                String key = "," + proto + ":" + port.port();
                sets.get("KUBE-CLUSTER-IP").add(svc.clusterIp() + key);
                vss.add(new VirtualServer(protoUpper, svc.clusterIp(), port.port(), scheduler, persistence, internal));
                bound.add(svc.clusterIp());

                for (Ipv4Address ext : svc.externalIps()) {
                    sets.get(externalLocal ? "KUBE-EXTERNAL-IP-LOCAL" : "KUBE-EXTERNAL-IP").add(ext + key);
                    vss.add(new VirtualServer(protoUpper, ext, port.port(), scheduler, persistence, external));
                    if (!nodeIps.contains(ext)) {
                        bound.add(ext);
                    }
                }
                for (Ipv4Address lb : svc.loadBalancerIps()) {
                    sets.get("KUBE-LOAD-BALANCER").add(lb + key);
                    if (externalLocal) {
                        sets.get("KUBE-LOAD-BALANCER-LOCAL").add(lb + key);
                    }
                    if (!svc.sourceRanges().isEmpty()) {
                        sets.get("KUBE-LOAD-BALANCER-FW").add(lb + key);
                        boolean allowFromNode = false;
                        for (Ipv4Prefix cidr : svc.sourceRanges()) {
                            sets.get("KUBE-LOAD-BALANCER-SOURCE-CIDR").add(lb + key + "," + cidr.canonical());
                            allowFromNode |= cidr.contains(node.address());
                        }
                        if (allowFromNode) {
                            sets.get("KUBE-LOAD-BALANCER-SOURCE-IP").add(lb + key + "," + lb);
                        }
                    }
                    vss.add(new VirtualServer(protoUpper, lb, port.port(), scheduler, persistence, external));
                    if (!nodeIps.contains(lb)) {
                        bound.add(lb);
                    }
                }
                if (port.nodePort() != 0 && !sortedNodeIps.isEmpty()) {
                    if (proto.equals("sctp")) {
                        for (Ipv4Address ip : sortedNodeIps) {
                            sets.get("KUBE-NODE-PORT-SCTP-HASH").add(ip + ",sctp:" + port.nodePort());
                            if (externalLocal) {
                                sets.get("KUBE-NODE-PORT-LOCAL-SCTP-HASH").add(ip + ",sctp:" + port.nodePort());
                            }
                        }
                    } else {
                        sets.get("KUBE-NODE-PORT-" + protoUpper).add(Integer.toString(port.nodePort()));
                        if (externalLocal) {
                            sets.get("KUBE-NODE-PORT-LOCAL-" + protoUpper).add(Integer.toString(port.nodePort()));
                        }
                    }
                    for (Ipv4Address ip : sortedNodeIps) {
                        vss.add(new VirtualServer(protoUpper, ip, port.nodePort(), scheduler, persistence, external));
                    }
                }
                if (svc.healthCheckNodePort() != 0) {
                    sets.get("KUBE-HEALTH-CHECK-NODE-PORT").add(Integer.toString(svc.healthCheckNodePort()));
                }
            }
        }
        for (Ipv4Address a : bound) {
            sets.get("KUBE-IPVS-IPS").add(a.toString());
        }
        vss.sort(Comparator.comparingInt((VirtualServer v) -> protoOrder(v.protocol()))
                .thenComparingLong(v -> v.address().bits() & 0xffffffffL).thenComparingInt(VirtualServer::port));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, TreeSet<String>> e : sets.entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        Ipv4Prefix cidr = clusterCidr != null ? clusterCidr : cluster.clusterCidr();
        return new Rendered(List.copyOf(bound), vss, out, iptables(out, cidr));
    }

    private static int protoOrder(String p) {
        return p.equals("TCP") ? 0 : p.equals("UDP") ? 1 : 2;
    }

    /** {@code syncEndpoint}: the local endpoints when only local ones may be used and there are any, else the cluster's. */
    private static List<ServiceEndpoint> reals(EndpointCategories cat, boolean onlyNodeLocal) {
        List<ServiceEndpoint> eps = onlyNodeLocal && !cat.localEps().isEmpty() ? cat.localEps() : cat.clusterEps();
        List<ServiceEndpoint> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (ServiceEndpoint ep : eps) {
            if (seen.putIfAbsent(ep.ip() + ":" + ep.port(), Boolean.TRUE) == null) {
                out.add(ep);
            }
        }
        out.sort(Comparator.comparingLong((ServiceEndpoint e) -> e.ip().bits() & 0xffffffffL)
                .thenComparingInt(ServiceEndpoint::port));
        return out;
    }

    /** Entries in address order where they start with one, then as text. */
    private static int compareEntries(String a, String b) {
        long ka = leadingAddress(a);
        long kb = leadingAddress(b);
        if (ka != kb) {
            return Long.compare(ka, kb);
        }
        return a.compareTo(b);
    }

    private static long leadingAddress(String e) {
        int end = e.indexOf(',');
        String head = end < 0 ? e : e.substring(0, end);
        if (head.indexOf('.') < 0) {
            try {
                return Long.parseLong(head);
            } catch (NumberFormatException x) {
                return -1;
            }
        }
        try {
            return Ipv4Address.parse(head).bits() & 0xffffffffL;
        } catch (IllegalArgumentException x) {
            return -1;
        }
    }

    private static String comment(String set) {
        for (String[] s : SETS) {
            if (s[0].equals(set)) {
                return "\"" + s[2] + "\"";
            }
        }
        throw new IllegalArgumentException(set);
    }

    /** {@code createAndLinkKubeChain} and {@code writeIptablesRules}, as one restore file (nat, then filter). */
    private String iptables(Map<String, List<String>> sets, Ipv4Prefix cidr) {
        List<String> natRules = new ArrayList<>();
        List<String> filterRules = new ArrayList<>();
        natRules.add("-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN");
        for (String[] r : SET_RULES) {
            if (sets.get(r[0]).isEmpty()) {
                continue;
            }
            String rule = "-A " + r[2] + (r[5].isEmpty() ? "" : " -p " + r[5]) + " -m comment --comment " + comment(r[0])
                    + " -m set --match-set " + r[0] + " " + r[4] + " -j " + r[3];
            (r[1].equals("filter") ? filterRules : natRules).add(rule);
        }
        if (!sets.get("KUBE-CLUSTER-IP").isEmpty()) {
            String args = "-A KUBE-SERVICES -m comment --comment " + comment("KUBE-CLUSTER-IP")
                    + " -m set --match-set KUBE-CLUSTER-IP";
            if (masqueradeAll) {
                natRules.add(args + " dst,dst -j KUBE-MARK-MASQ");
            } else {
                natRules.add(args + " dst,dst ! -s " + cidr.canonical() + " -j KUBE-MARK-MASQ");
            }
        }
        for (String set : List.of("KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL")) {
            if (sets.get(set).isEmpty()) {
                continue;
            }
            String args = "-A KUBE-SERVICES -m comment --comment " + comment(set) + " -m set --match-set " + set + " dst,dst";
            if (set.equals("KUBE-EXTERNAL-IP")) {
                natRules.add(args + " -j KUBE-MARK-MASQ");
            }
            natRules.add(args + " -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT");
            natRules.add(args + " -m addrtype --dst-type LOCAL -j ACCEPT");
        }
        natRules.add("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT");
        natRules.add("-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ");
        filterRules.add("-A KUBE-SOURCE-RANGES-FIREWALL -j DROP");
        for (String set : List.of("KUBE-CLUSTER-IP", "KUBE-LOAD-BALANCER")) {
            if (!sets.get(set).isEmpty()) {
                natRules.add("-A KUBE-SERVICES -m set --match-set " + set + " dst,dst -j ACCEPT");
            }
        }
        filterRules.add("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark "
                + MASQ_MARK + "/" + MASQ_MARK + " -j ACCEPT");
        filterRules.add("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack"
                + " --ctstate RELATED,ESTABLISHED -j ACCEPT");
        filterRules.add("-A KUBE-NODE-PORT -m comment --comment " + comment("KUBE-HEALTH-CHECK-NODE-PORT")
                + " -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT");
        for (String set : List.of("KUBE-LOAD-BALANCER", "KUBE-CLUSTER-IP", "KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL")) {
            filterRules.add("-A KUBE-IPVS-FILTER -m set --match-set " + set + " dst,dst -j RETURN");
        }
        filterRules.add("-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN");
        filterRules.add("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT");
        natRules.add("-A KUBE-POSTROUTING -m mark ! --mark " + MASQ_MARK + "/" + MASQ_MARK + " -j RETURN");
        natRules.add("-A KUBE-POSTROUTING -j MARK --xor-mark " + MASQ_MARK);
        natRules.add("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"
                + " --random-fully");
        natRules.add("-A KUBE-MARK-MASQ -j MARK --or-mark " + MASQ_MARK);

        StringBuilder sb = new StringBuilder();
        table(sb, "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
                List.of("KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ"),
                List.of("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                        "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                        "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"),
                natRules);
        table(sb, "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
                List.of("KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL",
                        "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER"),
                // EnsureRule(Prepend) in iptablesJumpChain order: the last one prepended comes first.
                List.of("-A INPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER",
                        "-A INPUT -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL",
                        "-A INPUT -m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT",
                        "-A FORWARD -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL",
                        "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
                        "-A OUTPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER"),
                filterRules);
        return sb.toString();
    }

    /**
     * One table of the restore file: the built-in chains, kube-proxy's {@code chains}, the jumps into
     * them, then {@code rules} grouped by chain in {@code chains} order as {@code iptables-save} lists
     * them (a chain keeps its rules' order; sorts {@code rules} in place), and {@code COMMIT}.
     */
    private static void table(StringBuilder sb, String name, List<String> builtins, List<String> chains,
                              List<String> jumps, List<String> rules) {
        sb.append('*').append(name).append('\n');
        for (String b : builtins) {
            sb.append(':').append(b).append(" ACCEPT [0:0]\n");
        }
        for (String c : chains) {
            sb.append(':').append(c).append(" - [0:0]\n");
        }
        for (String j : jumps) {
            sb.append(j).append('\n');
        }
        rules.sort(Comparator.comparingInt(r -> chains.indexOf(r.split(" ")[1])));
        for (String r : rules) {
            sb.append(r).append('\n');
        }
        sb.append("COMMIT\n");
    }
}
