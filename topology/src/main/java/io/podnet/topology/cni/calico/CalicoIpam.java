package io.podnet.topology.cni.calico;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.cni.PodIpam;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.spec.calico.IpPool;
import io.podnet.topology.spec.calico.IpamConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calico IPAM: pools cut into blocks ({@code blockSize}, /26 by default) that nodes claim with
 * affinity when they need addresses.
 *
 * <p>An allocation on node N, from the enabled pools whose {@code nodeSelector} matches N (pools in
 * input order): (1) the first free address of N's affine blocks, in claim order; (2) else, if N has
 * fewer than {@code maxBlocksPerHost} blocks (0: no limit), N claims the first unclaimed block (pool
 * order, then address order; Calico picks a pseudo-random free block, this order is documented so
 * runs repeat) and takes its first address; (3) else, unless {@code strictAffinity}, N borrows the
 * first free address of another node's block (lowest block first); the block stays affine to its
 * node. (4) else the pools are exhausted. Addresses inside a block start at its first address (Calico
 * reserves none). A fixed address ({@code status.podIP}) must be in a pool; its block is claimed by
 * the pod's node if no node holds it yet, else the address is borrowed.
 *
 * <p>On construction each node gets its tunnel address, in node order, from the pools with
 * IP-in-IP or VXLAN that select it (calico-node allocates it at start-up, before any pod): this
 * claims each such node's first block.
 */
public final class CalicoIpam implements PodIpam {
    private final List<IpPool> pools;
    private final IpamConfiguration config;
    private final Map<String, Map<String, String>> labels = new HashMap<>();
    private final List<Block> claimed = new ArrayList<>();
    private final Map<Ipv4Prefix, Block> byCidr = new HashMap<>();
    private final Map<IpPool, Long> cursor = new HashMap<>();
    private final Map<String, Ipv4Address> tunnels = new LinkedHashMap<>();
    private final Map<String, IpPool> tunnelPools = new LinkedHashMap<>();
    private final Map<String, Integer> affineCount = new HashMap<>();
    /** Per-node views, rebuilt after any change (wiring reads them once per remote node). */
    private Map<String, List<Ipv4Prefix>> blocksIndex;
    private Map<String, List<Ipv4Address>> borrowedIndex;

    private static final class Block {
        final Ipv4Prefix cidr;
        final IpPool pool;
        final String affinity;
        final String[] handles;
        final String[] holders;

        Block(Ipv4Prefix cidr, IpPool pool, String affinity) {
            this.cidr = cidr;
            this.pool = pool;
            this.affinity = affinity;
            this.handles = new String[(int) cidr.size()];
            this.holders = new String[(int) cidr.size()];
        }

        int firstFree() {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] == null) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * @param pools  the pools in effect, in input order
     * @param config strict affinity and the per-node block limit
     * @param nodes  the nodes in node order
     * @param labels each node's labels for pool selectors (node name to labels)
     */
    public CalicoIpam(List<IpPool> pools, IpamConfiguration config, List<ClusterNode> nodes,
                      Map<String, Map<String, String>> labels) {
        this.pools = List.copyOf(pools);
        this.config = config;
        for (ClusterNode n : nodes) {
            this.labels.put(n.name(), labels.getOrDefault(n.name(), n.labels()));
        }
        for (ClusterNode n : nodes) {
            List<IpPool> tunnelPoolsForNode = new ArrayList<>();
            for (IpPool p : poolsFor(n.name())) {
                if (p.ipip() || p.vxlan()) {
                    tunnelPoolsForNode.add(p);
                }
            }
            if (!tunnelPoolsForNode.isEmpty()) {
                String handle = (tunnelPoolsForNode.get(0).vxlan() ? "vxlan" : "ipip") + "-tunnel-addr-" + n.name();
                Ipv4Address a = autoAssign(n.name(), handle, tunnelPoolsForNode);
                tunnels.put(n.name(), a);
                tunnelPools.put(n.name(), poolOf(a));
            }
        }
    }

    /** The enabled pools whose nodeSelector matches the node, in input order. */
    public List<IpPool> poolsFor(String node) {
        List<IpPool> out = new ArrayList<>();
        for (IpPool p : pools) {
            if (!p.disabled() && p.nodeSelector().matches(labels.getOrDefault(node, Map.of()))) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public void reserve(ClusterNode node, String podKey, Ipv4Address ip) {
        IpPool pool = poolOf(ip);
        if (pool == null) {
            throw new TopologyException("pod/" + podKey, "status.podIP", "pod " + podKey + " has status.podIP " + ip
                    + ", which is in no Calico IPPool (" + poolList() + "); use an address in a pool or none");
        }
        Ipv4Prefix cidr = pool.blockOf(ip);
        Block b = byCidr.get(cidr);
        if (b == null) {
            b = claim(cidr, pool, node.name());
        }
        int ord = (int) Integer.toUnsignedLong(ip.bits() - cidr.network().bits());
        if (b.handles[ord] != null) {
            throw new TopologyException("pod/" + podKey, "status.podIP", "pod " + podKey + " has status.podIP " + ip + ", already held by "
                    + describe(b.handles[ord]) + "; give the pod another address or none");
        }
        b.handles[ord] = podKey;
        b.holders[ord] = node.name();
        borrowedIndex = null;
    }

    @Override
    public Ipv4Address allocate(ClusterNode node, String podKey) {
        List<IpPool> usable = poolsFor(node.name());
        if (usable.isEmpty()) {
            throw new TopologyException("pod/" + podKey, "no enabled IPPool selects node " + node.name() + " (" + poolList()
                    + "), so pod " + podKey + " gets no address; widen a pool's nodeSelector or enable a pool");
        }
        return autoAssign(node.name(), podKey, usable);
    }

    private Ipv4Address autoAssign(String node, String handle, List<IpPool> usable) {
        // 1. the node's affine blocks, in claim order
        for (Block b : claimed) {
            if (node.equals(b.affinity) && usable.contains(b.pool)) {
                int ord = b.firstFree();
                if (ord >= 0) {
                    return take(b, ord, handle, node);
                }
            }
        }
        // 2. claim a new block
        int affine = affineCount.getOrDefault(node, 0);
        if (config.maxBlocksPerHost() == 0 || affine < config.maxBlocksPerHost()) {
            for (IpPool p : usable) {
                long start = cursor.getOrDefault(p, 0L);
                for (long i = start; i < p.blockCount(); i++) {
                    Ipv4Prefix cidr = p.block(i);
                    if (!byCidr.containsKey(cidr)) {
                        cursor.put(p, i + 1);
                        Block b = claim(cidr, p, node);
                        return take(b, b.firstFree(), handle, node);
                    }
                }
                cursor.put(p, p.blockCount());
            }
        }
        // 3. borrow from another node's block
        if (!config.strictAffinity()) {
            for (IpPool p : usable) {
                Block best = null;
                for (Block b : claimed) {
                    if (b.pool == p && !node.equals(b.affinity) && b.firstFree() >= 0
                            && (best == null || Integer.compareUnsigned(b.cidr.network().bits(), best.cidr.network().bits()) < 0)) {
                        best = b;
                    }
                }
                if (best != null) {
                    return take(best, best.firstFree(), handle, node);
                }
            }
        }
        // 4. exhausted
        StringBuilder sizes = new StringBuilder();
        for (IpPool p : usable) {
            sizes.append(sizes.length() == 0 ? "" : ", ").append(p.name()).append(' ').append(p.cidr()).append(" (")
                    .append(p.blockCount()).append(" blocks of /").append(p.blockSize()).append(')');
        }
        String why = config.strictAffinity()
                ? "node " + node + " cannot claim another block and strictAffinity forbids borrowing"
                : "every block is claimed and full";
        throw new TopologyException(handle.contains("/") ? "pod/" + handle : "node/" + node, "Calico IPAM has no address for "
                + describe(handle) + " on node " + node + ": " + why + " in " + sizes
                + "; use a larger pool, a longer blockSize, or fewer pods");
    }

    private Block claim(Ipv4Prefix cidr, IpPool pool, String node) {
        Block b = new Block(cidr, pool, node);
        claimed.add(b);
        byCidr.put(cidr, b);
        affineCount.merge(node, 1, Integer::sum);
        blocksIndex = null;
        borrowedIndex = null;
        return b;
    }

    private Ipv4Address take(Block b, int ord, String handle, String node) {
        borrowedIndex = null;
        b.handles[ord] = handle;
        b.holders[ord] = node;
        return b.cidr.host(ord);
    }

    private static String describe(String handle) {
        if (handle.startsWith("ipip-tunnel-addr-")) {
            return "the IP-in-IP tunnel address of node " + handle.substring("ipip-tunnel-addr-".length());
        }
        if (handle.startsWith("vxlan-tunnel-addr-")) {
            return "the VXLAN tunnel address of node " + handle.substring("vxlan-tunnel-addr-".length());
        }
        return "pod " + handle;
    }

    private String poolList() {
        StringBuilder sb = new StringBuilder();
        for (IpPool p : pools) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.name()).append(' ').append(p.cidr())
                    .append(p.disabled() ? " disabled" : "");
        }
        return sb.toString();
    }

    /** The pool holding an address, or null. */
    public IpPool poolOf(Ipv4Address a) {
        for (IpPool p : pools) {
            if (p.cidr().contains(a)) {
                return p;
            }
        }
        return null;
    }

    /** The node's tunnel address (tunl0 / vxlan.calico), or null. */
    public Ipv4Address tunnelAddress(String node) {
        return tunnels.get(node);
    }

    /** The blocks affine to a node, in claim order. */
    public List<Ipv4Prefix> blocksOf(String node) {
        if (blocksIndex == null) {
            Map<String, List<Ipv4Prefix>> idx = new HashMap<>();
            for (Block b : claimed) {
                idx.computeIfAbsent(b.affinity, k -> new ArrayList<>()).add(b.cidr);
            }
            blocksIndex = idx;
        }
        return List.copyOf(blocksIndex.getOrDefault(node, List.of()));
    }

    /** The node a block is affine to, or null when unclaimed. */
    public String affinityOf(Ipv4Prefix block) {
        Block b = byCidr.get(block.canonical());
        return b == null ? null : b.affinity;
    }

    /** Addresses the node uses in blocks affine to other nodes, in block then address order. */
    public List<Ipv4Address> borrowedBy(String node) {
        if (borrowedIndex == null) {
            Map<String, List<Ipv4Address>> idx = new HashMap<>();
            for (Block b : claimed) {
                for (int i = 0; i < b.holders.length; i++) {
                    if (b.holders[i] != null && !b.holders[i].equals(b.affinity)) {
                        idx.computeIfAbsent(b.holders[i], k -> new ArrayList<>()).add(b.cidr.host(i));
                    }
                }
            }
            borrowedIndex = idx;
        }
        return List.copyOf(borrowedIndex.getOrDefault(node, List.of()));
    }

    /** Every claimed block, in claim order. */
    public List<IpamBlock> blocks() {
        List<IpamBlock> out = new ArrayList<>();
        for (Block b : claimed) {
            Map<Ipv4Address, String> alloc = new HashMap<>();
            Map<Ipv4Address, String> holders = new HashMap<>();
            for (int i = 0; i < b.handles.length; i++) {
                if (b.handles[i] != null) {
                    alloc.put(b.cidr.host(i), b.handles[i]);
                    holders.put(b.cidr.host(i), b.holders[i]);
                }
            }
            out.add(new IpamBlock(b.cidr, b.pool.name(), b.affinity, alloc, holders));
        }
        return out;
    }

    @Override
    public Ipv4Prefix podCidrOf(ClusterNode node) {
        List<Ipv4Prefix> mine = blocksOf(node.name());
        return mine.isEmpty() ? null : mine.get(0);
    }
}
