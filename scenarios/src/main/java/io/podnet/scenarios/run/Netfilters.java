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
import java.util.Map;

/**
 * Gives every simulated namespace that has rendered iptables rules its own netfilter (ruleset,
 * conntrack, random stream {@code netfilter/NAMESPACE}), evaluating exactly the
 * {@code iptables-restore} text topology rendered. Identical rule texts share one parsed ruleset.
 */
final class Netfilters {
    private Netfilters() {}

    static void install(SimNetwork net, SeededRandoms randoms) {
        Map<String, Ruleset> parsed = new HashMap<>();
        for (NamespaceConfig nc : net.config().namespaces()) {
            if (nc.iptables().isBlank()) {
                continue;
            }
            NetNamespace ns = net.namespace(nc.name());
            Ruleset rules = parsed.computeIfAbsent(nc.iptables(), Ruleset::parse);
            ns.setFilter(new Netfilter(rules, new Conntrack(net.engine()), randoms.stream("netfilter/" + ns.name()),
                    context(ns), net.tracer(), ns.name()));
        }
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
        };
    }
}
