package io.podnet.topology.cni.calico;

import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.BgpDaemonConfig.BgpExportRule;
import io.podnet.sim.config.BgpDaemonConfig.BgpNeighbourConfig;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterRouter;
import io.podnet.topology.spec.calico.BgpPeer;
import io.podnet.topology.spec.calico.CalicoNode;
import io.podnet.topology.spec.calico.CalicoResources;
import io.podnet.topology.spec.calico.EncapMode;
import io.podnet.topology.spec.calico.IpPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The BGP daemons Calico's confd configures: BIRD on every node, and the top-of-rack routers named
 * by BGPPeers.
 *
 * <p>Sessions (each pair once, configured on both ends): the node-to-node full mesh when
 * {@code nodeToNodeMeshEnabled}; per BGPPeer, every node it applies to with its {@code peerIP} (a node
 * or a rack router's rack address, with {@code asNumber}) or with every node its
 * {@code peerSelector} picks; the routers that take part peer with each other over the core. A node
 * with {@code routeReflectorClusterID} reflects: peers without the same cluster id are its
 * route-reflector clients. AS: the Node's {@code spec.bgp.asNumber}, else the BGPConfiguration's
 * (64512); a router's AS is the BGPPeer's {@code asNumber}.
 *
 * <p>Each node originates its affine blocks of BGP pools (not VXLAN, not {@code disableBGPExport})
 * and a /32 per address it borrowed from another node's block. Export rules: IP-in-IP Always pools
 * {@code via NH dev tunl0 onlink}; CrossSubnet the same only across subnets; unencapsulated pools
 * none (via the next hop on eth0). Timers as Calico's BIRD template: hold 240 s, keepalive 80 s,
 * connect delay 2 s, connect retry 5 s. Routers have no underlay device ({@code null}: the next hop's
 * connected interface) and originate nothing.
 */
final class CalicoBgp {
    static final int HOLD = 240;
    static final int KEEPALIVE = 80;
    static final long CONNECT_DELAY = 2 * Durations.S;
    static final long CONNECT_RETRY = 5 * Durations.S;

    private final CalicoResources res;
    private final List<IpPool> pools;
    private final CalicoIpam ipam;
    private final Function<String, Map<String, String>> labels;

    CalicoBgp(CalicoResources res, List<IpPool> pools, CalicoIpam ipam, Function<String, Map<String, String>> labels) {
        this.res = res;
        this.pools = pools;
        this.ipam = ipam;
        this.labels = labels;
    }

    /** One BGP speaker: a node or a router. */
    private static final class Speaker {
        final String name;
        final Ipv4Address address;
        final Ipv4Address coreAddress;
        final boolean router;
        long asn;
        final Ipv4Address clusterId;
        final TreeSet<Integer> peers = new TreeSet<>();

        Speaker(String name, Ipv4Address address, Ipv4Address coreAddress, boolean router, long asn, Ipv4Address clusterId) {
            this.name = name;
            this.address = address;
            this.coreAddress = coreAddress;
            this.router = router;
            this.asn = asn;
            this.clusterId = clusterId;
        }
    }

    List<BgpDaemonConfig> daemons(Cluster cluster, List<ClusterRouter> routers) {
        List<Speaker> sp = new ArrayList<>();
        for (ClusterNode n : cluster.nodes()) {
            CalicoNode cn = res.node(n.name());
            long asn = cn != null && cn.asNumber() > 0 ? cn.asNumber() : res.bgp().asNumber();
            sp.add(new Speaker(n.name(), n.address(), null, false, asn, cn == null ? null : cn.routeReflectorClusterId()));
        }
        int nodeCount = sp.size();
        for (ClusterRouter r : routers) {
            sp.add(new Speaker(r.name(), r.rackAddress(), r.coreAddress(), true, 0, null));
        }
        if (res.bgp().nodeToNodeMeshEnabled()) {
            for (int i = 0; i < nodeCount; i++) {
                for (int j = i + 1; j < nodeCount; j++) {
                    pair(sp, i, j);
                }
            }
        }
        for (BgpPeer p : res.peers()) {
            String subject = "bgppeer/" + p.name();
            List<Integer> from = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                if (p.appliesTo(sp.get(i).name, labels.apply(sp.get(i).name))) {
                    from.add(i);
                }
            }
            if (p.node() != null && from.isEmpty()) {
                throw new TopologyException(subject, "spec.node", "BGPPeer " + p.name() + " applies to node " + p.node()
                        + ", which is not in the cluster");
            }
            if (p.peerIp() != null) {
                int target = -1;
                for (int i = 0; i < sp.size(); i++) {
                    if (sp.get(i).address.equals(p.peerIp())) {
                        target = i;
                    }
                }
                if (target < 0) {
                    throw new TopologyException(subject, "spec.peerIP", "BGPPeer " + p.name() + " peerIP " + p.peerIp() + " is neither a node"
                            + " nor a rack router here (" + known(sp) + "); external peers are not simulated");
                }
                Speaker t = sp.get(target);
                if (t.router) {
                    if (t.asn != 0 && t.asn != p.asNumber()) {
                        throw new TopologyException(subject, "spec.asNumber", "BGPPeer " + p.name() + " gives router " + t.name + " AS "
                                + p.asNumber() + ", but another BGPPeer gives it AS " + t.asn + "; use one AS per router");
                    }
                    t.asn = p.asNumber();
                } else if (t.asn != p.asNumber()) {
                    throw new TopologyException(subject, "spec.asNumber", "BGPPeer " + p.name() + " says node " + t.name + " (" + p.peerIp()
                            + ") has AS " + p.asNumber() + ", but its AS is " + t.asn + "; use " + t.asn);
                }
                for (int i : from) {
                    if (i != target) {
                        pair(sp, i, target);
                    }
                }
            } else {
                for (int i : from) {
                    for (int j = 0; j < nodeCount; j++) {
                        if (i != j && p.peerSelector().matches(labels.apply(sp.get(j).name))) {
                            pair(sp, i, j);
                        }
                    }
                }
            }
        }
        List<Integer> bgpRouters = new ArrayList<>();
        for (int i = nodeCount; i < sp.size(); i++) {
            if (sp.get(i).asn != 0) {
                bgpRouters.add(i);
            }
        }
        for (int a = 0; a < bgpRouters.size(); a++) {
            for (int b = a + 1; b < bgpRouters.size(); b++) {
                pair(sp, bgpRouters.get(a), bgpRouters.get(b));
            }
        }
        List<BgpExportRule> rules = new ArrayList<>();
        for (IpPool p : pools) {
            if (p.ipipMode() == EncapMode.ALWAYS) {
                rules.add(new BgpExportRule(p.cidr(), CalicoPlugin.TUNL, true, false));
            } else if (p.ipipMode() == EncapMode.CROSS_SUBNET) {
                rules.add(new BgpExportRule(p.cidr(), CalicoPlugin.TUNL, true, true));
            }
        }
        List<BgpDaemonConfig> out = new ArrayList<>();
        for (int i = 0; i < sp.size(); i++) {
            Speaker s = sp.get(i);
            if (s.router && s.asn == 0) {
                continue;
            }
            List<BgpNeighbourConfig> neighbours = new ArrayList<>();
            for (int j : s.peers) {
                Speaker o = sp.get(j);
                Ipv4Address addr = s.router && o.router ? o.coreAddress : o.address;
                boolean client = !s.router && !o.router && s.clusterId != null && !s.clusterId.equals(o.clusterId);
                neighbours.add(new BgpNeighbourConfig(addr, o.asn, client, o.name,
                        o.router ? BgpDaemonConfig.DEFAULT_PORT : res.bgp().listenPort()));
            }
            neighbours.sort(Comparator.comparing(BgpNeighbourConfig::address));
            if (s.router) {
                out.add(new BgpDaemonConfig(s.name, s.asn, s.coreAddress, null, neighbours, List.of(), null, List.of(),
                        HOLD, KEEPALIVE, CONNECT_DELAY, CONNECT_RETRY));
            } else {
                out.add(new BgpDaemonConfig(s.name, s.asn, s.address, s.clusterId, neighbours, originate(s.name), "eth0", rules,
                        HOLD, KEEPALIVE, CONNECT_DELAY, CONNECT_RETRY, res.bgp().listenPort()));
            }
        }
        return out;
    }

    private List<Ipv4Prefix> originate(String node) {
        List<Ipv4Prefix> out = new ArrayList<>();
        for (Ipv4Prefix b : ipam.blocksOf(node)) {
            IpPool p = ipam.poolOf(b.network());
            if (!p.vxlan() && !p.disableBgpExport()) {
                out.add(b);
            }
        }
        for (Ipv4Address a : ipam.borrowedBy(node)) {
            IpPool p = ipam.poolOf(a);
            if (!p.vxlan() && !p.disableBgpExport()) {
                out.add(new Ipv4Prefix(a, 32));
            }
        }
        out.addAll(res.bgp().serviceClusterIPs()); // BGPConfiguration serviceClusterIPs: every node advertises them
        return out;
    }

    private static void pair(List<Speaker> sp, int i, int j) {
        sp.get(i).peers.add(j);
        sp.get(j).peers.add(i);
    }

    private static String known(List<Speaker> sp) {
        List<String> s = new ArrayList<>();
        for (Speaker x : sp) {
            s.add(x.name + " " + x.address);
        }
        return String.join(", ", s);
    }
}
