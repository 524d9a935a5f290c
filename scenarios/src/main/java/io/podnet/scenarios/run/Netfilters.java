package io.podnet.scenarios.run;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.SimNetwork;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives every simulated namespace that has rendered iptables rules its own netfilter (ruleset,
 * conntrack, random stream {@code netfilter/NAMESPACE}), evaluating exactly the
 * {@code iptables-restore} text topology rendered. Identical rule texts share one parsed ruleset.
 *
 * <p>{@link #reload} replaces a namespace's ruleset as {@code iptables-restore} does when kube-proxy
 * syncs: the conntrack table and the random stream carry over (established connections keep their
 * NAT), the rule counters start again from zero.
 */
final class Netfilters {
    private final SimNetwork net;
    private final SeededRandoms randoms;
    private final Map<String, Ruleset> parsed = new HashMap<>();
    private final Map<String, State> states = new LinkedHashMap<>();

    private record State(Conntrack conntrack, SplittableRandom random, String text) {}

    private Netfilters(SimNetwork net, SeededRandoms randoms) {
        this.net = net;
        this.randoms = randoms;
    }

    static Netfilters install(SimNetwork net, SeededRandoms randoms) {
        Netfilters n = new Netfilters(net, randoms);
        for (NamespaceConfig nc : net.config().namespaces()) {
            if (nc.iptables().isBlank()) {
                continue;
            }
            n.states.put(nc.name(), new State(new Conntrack(net.engine()), randoms.stream("netfilter/" + nc.name()),
                    nc.iptables()));
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
                ? new State(new Conntrack(net.engine()), randoms.stream("netfilter/" + namespace), text)
                : new State(s.conntrack(), s.random(), text));
        apply(namespace);
        return true;
    }

    private void apply(String name) {
        State s = states.get(name);
        NetNamespace ns = net.namespace(name);
        Ruleset rules = parsed.computeIfAbsent(s.text(), Ruleset::parse);
        ns.setFilter(new Netfilter(rules, s.conntrack(), s.random(), context(ns), net.tracer(), ns.name()));
    }

    private static NetfilterContext context(NetNamespace ns) {
        return new NetfilterContext() {
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
