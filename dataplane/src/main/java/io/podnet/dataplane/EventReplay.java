package io.podnet.dataplane;

import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.realise.Realiser;
import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.dataplane.safety.Names;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replay part of {@code verify}: the data-plane step of each scenario event, done in the run's
 * namespaces before the traffic item the simulator ran after it, and which namespaces the events
 * leave down.
 */
final class EventReplay {
    private final CommandRunner runner;

    /** Suffix of a reload's key when the text is the namespace's nftables table (beside its iptables text). */
    static final String NFT = " nft";

    /** The namespace a reload key names ({@code NS} or {@code NS nft}). */
    static String namespaceOf(String key) {
        return key.endsWith(NFT) ? key.substring(0, key.length() - NFT.length()) : key;
    }

    EventReplay(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * Replays the data-plane step of a scenario event inside the run's namespaces: {@code fail} and
     * {@code delete} set every link of the namespaces down (IPv4 then drops the routes through them),
     * {@code link-down} the node's underlay NICs; {@code restore} and {@code link-up} set them up and
     * write the namespaces' routes and neighbours again; {@code reload} loads each namespace's new
     * ruleset as kube-proxy would ({@code iptables-restore}: conntrack entries survive; nftables: the
     * namespace's ruleset is replaced).
     */
    void replay(VerifyInput.KernelEvent e, Rendering r, NetworkConfig cfg) {
        if (e.action().equals("reload")) {
            Realiser realiser = new Realiser(runner);
            for (Map.Entry<String, String> rules : e.rules().entrySet()) {
                String ns = namespaceOf(rules.getKey());
                if (cfg.namespace(ns) != null) {
                    realiser.loadRules("replaying " + e.text() + " in " + ns, r.real(ns), rules.getValue(), true,
                            Duration.ofSeconds(30));
                }
            }
            return;
        }
        alignNeighbours(e, r, cfg);
        boolean up = VerifyInput.KernelEvent.bringsBack(e.action());
        boolean nicsOnly = e.action().startsWith("link-");
        for (String name : e.namespaces()) {
            NamespaceConfig ns = cfg.namespace(name);
            if (ns == null) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (InterfaceConfig i : ns.interfaces()) {
                if (!nicsOnly || i instanceof InterfaceConfig.Nic) {
                    b.append("link set dev ").append(i.name()).append(up ? " up\n" : " down\n");
                }
            }
            if (up) {
                b.append(Renderer.routesAndNeighbours(ns));
            }
            if (b.length() > 0) {
                runner.runOrThrow("replaying " + e.text() + " in " + name, List.of("ip", "-n", r.real(name), "-b", "-"),
                        b.toString(), Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Before addresses go dark, sets the kernel's neighbour caches for them to what the simulator held
     * (see {@link VerifyInput.KernelEvent#neighbours()}): in every namespace that is not a pod and not
     * going down, entries the simulator had are written as REACHABLE, the others flushed (permanent
     * entries, such as Flannel's, are left alone).
     */
    private void alignNeighbours(VerifyInput.KernelEvent e, Rendering r, NetworkConfig cfg) {
        VerifyInput.NeighbourCaches caches = e.neighbours();
        if (caches.addresses().isEmpty()) {
            return;
        }
        for (NamespaceConfig ns : cfg.namespaces()) {
            if ("pod".equals(ns.role()) || e.namespaces().contains(ns.name())) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            Set<String> kept = new java.util.HashSet<>();
            for (VerifyInput.NeighbourCaches.Cached c : caches.cached()) {
                if (c.namespace().equals(ns.name()) && ns.iface(c.device()) != null && Names.isIfName(c.device())) {
                    b.append("neigh replace ").append(io.podnet.sim.net.Ipv4Address.parse(c.ip())).append(" lladdr ")
                            .append(io.podnet.sim.net.MacAddress.parse(c.mac())).append(" dev ").append(c.device())
                            .append(" nud reachable\n");
                    kept.add(c.ip());
                }
            }
            for (String a : caches.addresses()) {
                if (!kept.contains(a)) {
                    b.append("neigh flush to ").append(io.podnet.sim.net.Ipv4Address.parse(a)).append('\n');
                }
            }
            runner.runOrThrow("setting the neighbour caches of " + ns.name() + " before " + e.text(),
                    List.of("ip", "-n", r.real(ns.name()), "-b", "-"), b.toString(), Duration.ofSeconds(30));
        }
    }

    /**
     * The namespaces the scenario's own events take down in the kernel before the convergence
     * measurement ({@code fail}, {@code link-down}, {@code delete}, unless a later {@code restore} or
     * {@code link-up} brings them back).
     */
    static java.util.Set<String> downByEvents(VerifyInput in) {
        List<VerifyInput.KernelEvent> all = new ArrayList<>();
        in.eventsBefore().values().forEach(all::addAll);
        all.sort(java.util.Comparator.comparingLong(VerifyInput.KernelEvent::atNanos));
        java.util.Set<String> down = new java.util.TreeSet<>();
        for (VerifyInput.KernelEvent e : all) {
            if (e.namespaces().isEmpty()) {
                continue;
            }
            String first = e.namespaces().get(0);
            if (VerifyInput.KernelEvent.takesDown(e.action())) {
                down.add(first);
            } else if (VerifyInput.KernelEvent.bringsBack(e.action())) {
                down.remove(first);
            }
        }
        return down;
    }
}
