package io.podnet.topology.cni.calico;

import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.cni.PodIpam;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterRouter;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.UnderlaySpec;
import io.podnet.topology.spec.calico.CalicoNode;
import io.podnet.topology.spec.calico.CalicoResourceReader;
import io.podnet.topology.spec.calico.EncapMode;
import io.podnet.topology.spec.calico.IpPool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calico as calico-node (Felix, BIRD) and the Calico CNI plugin program a node.
 *
 * <p>Per pod: a veth pair, {@code caliXXXXXXXXXXX} on the node (the first 11 hex digits of the
 * SHA-1 of {@code namespace.pod}, as Calico names it; MAC {@code ee:ee:ee:ee:ee:ee}, no address,
 * no bridge, {@code proxy_arp=1}) and {@code eth0} in the pod with the pod's address as a /32; the
 * node route {@code POD_IP dev caliX scope link}; in the pod {@code 169.254.1.1 dev eth0 scope link}
 * and {@code default via 169.254.1.1 dev eth0}. The pod and tunnel MTU is the underlay MTU minus the
 * encapsulation overhead (IP-in-IP 20, VXLAN 50, none 0) unless {@code veth_mtu} sets it.
 *
 * <p>Per node: {@code ip_forward=1}; {@code tunl0} (IP-in-IP pools) or {@code vxlan.calico} (VXLAN
 * pools: VNI 4096, UDP 4789) with the node's tunnel address as /32; a blackhole route for each block
 * affine to the node ({@code proto bird} when BIRD advertises it, {@code proto 80} (Felix) for VXLAN
 * pools). Routes to other nodes' blocks: for IP-in-IP and unencapsulated pools, BIRD learns them over
 * BGP ({@link #bgpDaemons}: no static routes are written); for VXLAN pools, Felix writes
 * {@code BLOCK via R_TUNNEL dev vxlan.calico onlink} (or {@code BLOCK via R_NODE dev eth0} for
 * CrossSubnet peers on the node's own subnet) plus a permanent neighbour and FDB entry per remote
 * VTEP, and a /32 route for each address a remote node borrowed.
 */
public final class CalicoPlugin implements CniPlugin {
    /** The IP-in-IP device. */
    public static final String TUNL = "tunl0";
    /** Calico's VXLAN device. */
    public static final String VXLAN_DEVICE = "vxlan.calico";
    /** Calico's VXLAN VNI and port. */
    public static final int VXLAN_VNI = 4096;
    public static final int VXLAN_PORT = 4789;
    /** Per-packet overheads Calico's MTU auto-detection subtracts. */
    public static final int IPIP_OVERHEAD = 20;
    public static final int VXLAN_OVERHEAD = 50;
    /** The MAC of every host-side cali interface. */
    public static final MacAddress CALI_MAC = MacAddress.parse("ee:ee:ee:ee:ee:ee");
    /** The pods' fake gateway, answered by proxy ARP. */
    public static final Ipv4Address POD_GATEWAY = Ipv4Address.parse("169.254.1.1");
    /** The route protocol Felix writes its routes with. */
    public static final String FELIX_PROTO = "80";

    private final CalicoSpec spec;
    private final UnderlaySpec underlay;
    private final List<IpPool> pools;
    private CalicoIpam ipam;
    private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();

    public CalicoPlugin(CalicoSpec spec, UnderlaySpec underlay) {
        this.spec = spec;
        this.underlay = underlay;
        this.pools = spec.pools();
    }

    /** The VTEP MAC of vxlan.calico on a node (Felix derives one; here it is derived from the name). */
    public static MacAddress vtepMac(String node) {
        return MacAddress.derived(node + "/" + VXLAN_DEVICE);
    }

    /** The host-side veth name Calico gives a pod: {@code cali} + 11 hex digits of SHA-1("ns.pod"). */
    public static String vethName(String namespace, String pod) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((namespace + "." + pod).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("cali");
            for (byte b : d) {
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.substring(0, 15);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The pod and tunnel MTU. */
    public int mtu() {
        if (spec.vethMtu() > 0) {
            return spec.vethMtu();
        }
        return underlay.mtu() - overhead();
    }

    /** The encapsulation overhead the MTU allows for (the largest of the pools'). */
    public int overhead() {
        int o = 0;
        for (IpPool p : pools) {
            if (p.vxlan()) {
                o = Math.max(o, VXLAN_OVERHEAD);
            } else if (p.ipip()) {
                o = Math.max(o, IPIP_OVERHEAD);
            }
        }
        return o;
    }

    /** Whether BIRD runs: some pool is routed by BGP (not VXLAN). */
    public boolean bgpRuns() {
        for (IpPool p : pools) {
            if (!p.vxlan()) {
                return true;
            }
        }
        return false;
    }

    /** The pools in effect. */
    public List<IpPool> pools() {
        return pools;
    }

    /** The IPAM of this rendering (after {@link #newIpam}). */
    public CalicoIpam ipam() {
        return ipam;
    }

    @Override
    public String name() {
        return spec.displayName();
    }

    @Override
    public Ipv4Prefix clusterCidr() {
        return pools.get(0).cidr();
    }

    @Override
    public List<Ipv4Prefix> podNetworks() {
        List<Ipv4Prefix> out = new ArrayList<>();
        for (IpPool p : pools) {
            out.add(p.cidr());
        }
        return out;
    }

    @Override
    public boolean podIpChoosesNode() {
        return false;
    }

    @Override
    public List<Ipv4Prefix> assignNodeCidrs(List<String> nodeNames) {
        List<Ipv4Prefix> none = new ArrayList<>();
        for (int i = 0; i < nodeNames.size(); i++) {
            none.add(null);
        }
        return none;
    }

    @Override
    public PodIpam newIpam(List<ClusterNode> nodes) {
        Set<String> names = new HashSet<>();
        for (ClusterNode n : nodes) {
            names.add(n.name());
        }
        for (CalicoNode cn : spec.resources().nodes()) {
            if (!names.contains(cn.name())) {
                throw new TopologyException("node/" + cn.name(), "Calico Node " + cn.name()
                        + " names no node of the cluster; use one of " + String.join(", ", new java.util.TreeSet<>(names)));
            }
        }
        for (ClusterNode n : nodes) {
            labels.put(n.name(), CalicoResourceReader.mergedLabels(n.labels(), spec.resources().node(n.name())));
        }
        ipam = new CalicoIpam(pools, spec.resources().ipam(), nodes, labels);
        return ipam;
    }

    /** A node's labels with its Calico Node resource's. */
    Map<String, String> labelsOf(String node) {
        return labels.getOrDefault(node, Map.of());
    }

    @Override
    public void wire(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        int mtu = mtu();
        Ipv4Address tunnel = ipam.tunnelAddress(node.name());
        boolean anyIpip = false;
        boolean anyVxlan = false;
        for (IpPool p : pools) {
            anyIpip |= p.ipip();
            anyVxlan |= p.vxlan();
        }
        if (anyIpip) {
            IpPool tp = tunnel == null ? null : ipam.poolOf(tunnel);
            nodeNs.addInterface(new InterfaceConfig.Ipip(TUNL, MacAddress.ZERO, mtu,
                    tp != null && tp.ipip() ? List.of(new Ipv4Prefix(tunnel, 32)) : List.of(), "eth0"));
        }
        if (anyVxlan) {
            IpPool tp = tunnel == null ? null : ipam.poolOf(tunnel);
            nodeNs.addInterface(new InterfaceConfig.Vxlan(VXLAN_DEVICE, vtepMac(node.name()), mtu,
                    tp != null && tp.vxlan() ? List.of(new Ipv4Prefix(tunnel, 32)) : List.of(), VXLAN_VNI, VXLAN_PORT,
                    node.address(), "eth0", false));
        }
        // Pods.
        List<String> cali = new ArrayList<>();
        for (Map.Entry<ClusterPod, NamespaceDraft> e : pods.entrySet()) {
            ClusterPod pod = e.getKey();
            NamespaceDraft podNs = e.getValue();
            String veth = vethName(pod.namespace(), pod.name());
            if (cali.contains(veth)) {
                throw new TopologyException("pod/" + pod.key(), "pods on node " + node.name() + " hash to the same Calico"
                        + " interface name " + veth + "; rename one");
            }
            cali.add(veth);
            nodeNs.addInterface(new InterfaceConfig.Veth(veth, CALI_MAC, mtu, List.of(), podNs.name(), "eth0", null, false));
            podNs.addInterface(new InterfaceConfig.Veth("eth0", MacAddress.derived(podNs.name() + "/eth0"), mtu,
                    List.of(new Ipv4Prefix(pod.ip(), 32)), nodeNs.name(), veth, null, false));
            nodeNs.addRoute(new RouteConfig("unicast", new Ipv4Prefix(pod.ip(), 32), null, veth, false, "link", null, "boot"));
            podNs.addRoute(new RouteConfig("unicast", new Ipv4Prefix(POD_GATEWAY, 32), null, "eth0", false, "link", null, "boot"));
            podNs.addRoute(RouteConfig.via(Ipv4Prefix.DEFAULT, POD_GATEWAY, "eth0", false));
        }
        Sysctls s = nodeNs.sysctls();
        nodeNs.sysctls(new Sysctls(true, cali, s.bridgeNfCallIptables(), s.rpFilter()));
        // Blackholes for the node's own blocks.
        for (Ipv4Prefix block : ipam.blocksOf(node.name())) {
            IpPool p = ipam.poolOf(block.network());
            nodeNs.addRoute(new RouteConfig("blackhole", block, null, null, false, "global", null,
                    p.vxlan() ? FELIX_PROTO : "bird"));
        }
        // Felix's VXLAN routes.
        if (anyVxlan) {
            wireVxlan(cluster, node, nodeNs);
        }
    }

    private void wireVxlan(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {
        for (ClusterNode remote : cluster.nodes()) {
            if (remote.name().equals(node.name())) {
                continue;
            }
            Ipv4Address rt = ipam.tunnelAddress(remote.name());
            boolean vtep = rt != null && ipam.poolOf(rt).vxlan();
            List<Ipv4Prefix> dests = new ArrayList<>();
            for (Ipv4Prefix block : ipam.blocksOf(remote.name())) {
                if (ipam.poolOf(block.network()).vxlan()) {
                    dests.add(block);
                }
            }
            for (Ipv4Address a : ipam.borrowedBy(remote.name())) {
                if (ipam.poolOf(a).vxlan()) {
                    dests.add(new Ipv4Prefix(a, 32));
                }
            }
            for (Ipv4Prefix d : dests) {
                IpPool p = ipam.poolOf(d.network());
                boolean direct = p.vxlanMode() == EncapMode.CROSS_SUBNET && node.underlay().contains(remote.address());
                if (direct) {
                    nodeNs.addRoute(new RouteConfig("unicast", d, remote.address(), "eth0", false, "global", null, FELIX_PROTO));
                } else if (vtep) {
                    nodeNs.addRoute(new RouteConfig("unicast", d, rt, VXLAN_DEVICE, true, "global", null, FELIX_PROTO));
                } else {
                    throw new TopologyException("node/" + remote.name(), "node " + remote.name() + " holds VXLAN pool addresses ("
                            + d + ") but has no VXLAN tunnel address, so Felix cannot route to it; let a VXLAN pool select it");
                }
            }
            if (vtep) {
                nodeNs.addNeighbour(new NeighbourConfig(rt, vtepMac(remote.name()), VXLAN_DEVICE));
                nodeNs.addFdb(new FdbConfig(vtepMac(remote.name()), VXLAN_DEVICE, remote.address()));
            }
        }
    }

    /**
     * Felix's {@code natOutgoing}: in the nat table, {@code cali-POSTROUTING} first in POSTROUTING,
     * then {@code cali-nat-outgoing}: traffic from a natOutgoing pool to any pool returns, the rest
     * is masqueraded. Felix matches ipsets ({@code cali40masq-ipam-pools}, {@code cali40all-ipam-pools});
     * here each pool is written out as a CIDR, which selects the same packets.
     */
    @Override
    public void afterKubeProxy(Cluster cluster, ClusterNode node, NamespaceDraft nodeNs) {
        List<String> rules = new ArrayList<>();
        for (IpPool p : pools) {
            if (!p.natOutgoing() || p.disabled()) {
                continue;
            }
            for (IpPool q : pools) {
                rules.add("-A cali-nat-outgoing -s " + p.cidr() + " -d " + q.cidr() + " -j RETURN");
            }
            rules.add("-A cali-nat-outgoing -s " + p.cidr() + " -j MASQUERADE");
        }
        if (rules.isEmpty()) {
            return;
        }
        String text = nodeNs.iptables();
        // kube-proxy's text is one string for every node (unless Local policies make it per node), and so
        // are the rules: one result for all of them, not a copy per node (11.6 MB each at 10,000 Services).
        if (text != natInput || !rules.equals(natRules)) {
            natInput = text;
            natRules = rules;
            natOutput = withNatOutgoing(text, rules);
        }
        nodeNs.iptables(natOutput);
    }

    private String natInput;
    private List<String> natRules;
    private String natOutput;

    static String withNatOutgoing(String text, List<String> natRules) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int nat = lines.indexOf("*nat");
        if (nat < 0) {
            lines.addAll(List.of("*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
                    ":POSTROUTING ACCEPT [0:0]", "COMMIT"));
            nat = lines.indexOf("*nat");
        }
        int commit = lines.subList(nat, lines.size()).indexOf("COMMIT") + nat;
        int lastDecl = nat;
        int firstPost = -1;
        for (int i = nat + 1; i < commit; i++) {
            if (lines.get(i).startsWith(":")) {
                lastDecl = i;
            } else if (firstPost < 0 && lines.get(i).startsWith("-A POSTROUTING ")) {
                firstPost = i;
            }
        }
        List<String> tail = new ArrayList<>();
        tail.add("-A cali-POSTROUTING -j cali-nat-outgoing");
        tail.addAll(natRules);
        lines.addAll(commit, tail);
        String jump = "-A POSTROUTING -m comment --comment \"cali:nat-outgoing\" -j cali-POSTROUTING";
        lines.add(firstPost < 0 ? commit : firstPost, jump);
        lines.add(lastDecl + 1, ":cali-nat-outgoing - [0:0]");
        lines.add(lastDecl + 1, ":cali-POSTROUTING - [0:0]");
        return String.join("\n", lines) + "\n";
    }

    @Override
    public List<BgpDaemonConfig> bgpDaemons(Cluster cluster, List<ClusterRouter> routers) {
        if (!bgpRuns()) {
            if (!spec.resources().peers().isEmpty()) {
                throw new TopologyException("bgppeer/" + spec.resources().peers().get(0).name(), "BGPPeer "
                        + spec.resources().peers().get(0).name() + " has no effect: every pool uses VXLAN, so calico-node"
                        + " runs without BIRD; use an IP-in-IP or unencapsulated pool, or drop the BGPPeer");
            }
            return List.of();
        }
        return new CalicoBgp(spec.resources(), pools, ipam, this::labelsOf).daemons(cluster, routers);
    }
}
