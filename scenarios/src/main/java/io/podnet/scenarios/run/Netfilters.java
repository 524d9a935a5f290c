package io.podnet.scenarios.run;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.RecentTables;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.netfilter.RulesetCache;
import io.podnet.sim.nftables.NftEvaluator;
import io.podnet.sim.nftables.NftParser;
import io.podnet.sim.nftables.NftRuleset;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.SimNetwork;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives every simulated namespace that has rendered iptables rules its own netfilter (ruleset,
 * conntrack, random stream {@code netfilter/NAMESPACE}), evaluating exactly the
 * {@code iptables-restore} text topology rendered. Identical rule texts share one parsed, immutable
 * ruleset through a {@link RulesetCache} (one per run).
 *
 * <p>{@link #reload} replaces a namespace's ruleset as {@code iptables-restore} does when kube-proxy
 * syncs: the conntrack table, the {@code -m recent} lists (session affinity) and the random stream
 * carry over (established connections keep their NAT), the rule counters start again from zero.
 */
final class Netfilters {
    private final SimNetwork net;
    private final SeededRandoms randoms;
    private final RulesetCache parsed = new RulesetCache();
    private final Map<String, State> states = new LinkedHashMap<>();
    /** kube-proxy nftables mode: each namespace's nft evaluator (its dynamic sets live across iptables reloads). */
    private final Map<String, NftEvaluator> nft = new LinkedHashMap<>();
    private final Map<String, NftRuleset> nftParsed = new java.util.HashMap<>();

    /** kube-proxy IPVS mode: each namespace's IP sets ({@code -m set}), from its {@code ipset save} text. */
    private final Map<String, io.podnet.sim.netfilter.IpSets> ipsets = new LinkedHashMap<>();
    /** The IPVS texts each namespace runs (to notice a sync that changes nothing). */
    private final Map<String, io.podnet.sim.config.IpvsConfig> ipvs = new LinkedHashMap<>();

    private record State(Conntrack conntrack, RecentTables recent, SplittableRandom random, String text) {}

    private Netfilters(SimNetwork net, SeededRandoms randoms) {
        this.net = net;
        this.randoms = randoms;
    }

    static Netfilters install(SimNetwork net, SeededRandoms randoms) {
        Netfilters n = new Netfilters(net, randoms);
        for (NamespaceConfig nc : net.config().namespaces()) {
            if (nc.iptables().isBlank() && nc.nftables().isBlank()) {
                continue;
            }
            if (!nc.nftables().isBlank()) {
                n.nft.put(nc.name(), new NftEvaluator(n.nftParsed(nc.nftables()), net.engine()::now));
            }
            if (!nc.ipvs().isEmpty()) {
                n.ipsets.put(nc.name(), io.podnet.sim.netfilter.IpSets.parse(nc.ipvs().ipsets()));
                n.ipvs.put(nc.name(), nc.ipvs());
                net.namespace(nc.name()).setIpvs(new io.podnet.sim.ipvs.Ipvs(
                        io.podnet.sim.ipvs.IpvsTable.parse(nc.ipvs().ipvsadm()), net.engine()::now));
            }
            n.states.put(nc.name(), n.fresh(nc.name(), nc.iptables()));
            n.apply(nc.name());
        }
        return n;
    }

    /** The iptables text a namespace currently evaluates, or null when it has none. */
    String text(String namespace) {
        State s = states.get(namespace);
        return s == null ? null : s.text();
    }

    /**
     * Loads {@code text} into {@code namespace} (keeping its conntrack); returns false when the
     * namespace already evaluates exactly that text (nothing to do).
     */
    boolean reload(String namespace, String text) {
        State s = states.get(namespace);
        if (s != null && s.text().equals(text)) {
            return false;
        }
        states.put(namespace, s == null
                ? fresh(namespace, text)
                : new State(s.conntrack(), s.recent(), s.random(), text));
        apply(namespace);
        return true;
    }

    private State fresh(String namespace, String text) {
        return new State(new Conntrack(net.engine()), new RecentTables(net.engine()::now),
                randoms.stream("netfilter/" + namespace), text);
    }

    private void apply(String name) {
        State s = states.get(name);
        NetNamespace ns = net.namespace(name);
        Ruleset rules = parsed.get(s.text());
        Netfilter nf = new Netfilter(rules, s.conntrack(), s.recent(), s.random(), context(ns, ipsets.get(name)),
                net.tracer(), ns.name());
        nf.nftables(nft.get(name));
        ns.setFilter(nf);
    }

    /** Parses an nft text once per run (nodes without Local policies share one text). */
    private NftRuleset nftParsed(String text) {
        return nftParsed.computeIfAbsent(text, NftParser::parse);
    }

    /**
     * Loads {@code text} as {@code namespace}'s nftables ruleset (kube-proxy's nftables sync: a new
     * transaction, conntrack kept); returns false when it already evaluates that text.
     */
    boolean reloadNft(String namespace, String text) {
        NftEvaluator cur = nft.get(namespace);
        NftRuleset next = nftParsed(text);
        if (cur != null && cur.ruleset() == next) {
            return false;
        }
        nft.put(namespace, new NftEvaluator(next, net.engine()::now));
        if (!states.containsKey(namespace)) {
            states.put(namespace, fresh(namespace, ""));
        }
        apply(namespace);
        return true;
    }

    /**
     * Loads a new IPVS table and IP sets into {@code namespace} (kube-proxy's IPVS sync: IPVS
     * connections and conntrack stay; addresses new on {@code kube-ipvs0} are added); false when it
     * already runs them.
     */
    boolean reloadIpvs(String namespace, io.podnet.sim.config.IpvsConfig config, java.util.List<io.podnet.sim.net.Ipv4Prefix> bound) {
        if (config.equals(ipvs.get(namespace))) {
            return false;
        }
        ipvs.put(namespace, config);
        ipsets.put(namespace, io.podnet.sim.netfilter.IpSets.parse(config.ipsets()));
        NetNamespace ns = net.namespace(namespace);
        io.podnet.sim.ipvs.IpvsTable table = io.podnet.sim.ipvs.IpvsTable.parse(config.ipvsadm());
        if (ns.ipvs() == null) {
            ns.setIpvs(new io.podnet.sim.ipvs.Ipvs(table, net.engine()::now));
        } else {
            ns.ipvs().reload(table);
        }
        NetDevice dummy = ns.device(io.podnet.topology.kubeproxy.ipvs.IpvsProxier.DUMMY);
        if (dummy != null) {
            for (io.podnet.sim.net.Ipv4Prefix p : bound) {
                if (!dummy.addresses().contains(p)) {
                    ns.addAddress(dummy, p);
                }
            }
        }
        if (!states.containsKey(namespace)) {
            states.put(namespace, fresh(namespace, ""));
        }
        apply(namespace);
        return true;
    }

    private static NetfilterContext context(NetNamespace ns, io.podnet.sim.netfilter.IpSets sets) {
        return new NetfilterContext() {
            @Override
            public io.podnet.sim.netfilter.IpSets ipsets() {
                return sets;
            }

            @Override
            public boolean isLocalAddress(Ipv4Address address) {
                return ns.isLocalAddress(address);
            }

            @Override
            public Ipv4Address primaryAddress(String device) {
                NetDevice d = ns.device(device);
                return d == null || d.addresses().isEmpty() ? null : d.addresses().get(0).address();
            }

            @Override
            public void charge(io.podnet.sim.wire.PacketBuffer pb, io.podnet.sim.cost.CostStep step, long count,
                               long bytes) {
                ns.charge(-1, pb, step, count, bytes);
            }
        };
    }
}
