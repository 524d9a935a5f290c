package io.podnet.dataplane.realise;

import io.podnet.dataplane.exec.CommandException;
import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.safety.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Rendering}: namespaces, early sysctls, veth pairs, per-namespace {@code ip -b} and
 * {@code bridge -b} batches, device sysctls, and the rulesets. Fails fast on the first command that
 * does not exit 0 (a broken ruleset would otherwise turn every probe into a long timeout). Warnings
 * (a sysctl this kernel does not have per namespace) are collected, not fatal.
 */
public final class Realiser {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final Duration BATCH = Duration.ofSeconds(120);

    private final CommandRunner runner;
    private final List<String> warnings = new ArrayList<>();

    public Realiser(CommandRunner runner) {
        this.runner = runner;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Creates everything; throws {@link CommandException} naming the step that failed. */
    public void realise(Rendering r) {
        runner.runOrThrow("creating namespaces", List.of("ip", "-b", "-"), r.createNetns(), BATCH);
        for (Map.Entry<String, List<String>> e : r.earlySysctls().entrySet()) {
            sysctls(e.getKey(), e.getValue());
        }
        if (!r.createVeths().isEmpty()) {
            runner.runOrThrow("creating veth pairs", List.of("ip", "-b", "-"), r.createVeths(), BATCH);
        }
        for (Map.Entry<String, String> e : r.ipBatch().entrySet()) {
            runner.runOrThrow("configuring links, addresses, routes and neighbours in " + e.getKey(),
                    List.of("ip", "-n", e.getKey(), "-b", "-"), e.getValue(), BATCH);
        }
        for (Map.Entry<String, String> e : r.bridgeBatch().entrySet()) {
            runner.runOrThrow("adding FDB entries in " + e.getKey(), List.of("bridge", "-n", e.getKey(), "-b", "-"),
                    e.getValue(), BATCH);
        }
        for (Map.Entry<String, List<String>> e : r.lateSysctls().entrySet()) {
            sysctls(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : r.iptables().entrySet()) {
            loadRules("loading the iptables rules of " + e.getKey(), e.getKey(), e.getValue(), false, BATCH);
        }
        for (Map.Entry<String, String> e : r.nft().entrySet()) {
            loadRules("loading the nftables rules of " + e.getKey(), e.getKey(), e.getValue(), false, BATCH);
        }
    }

    /**
     * Loads a ruleset into the run namespace {@code real}: nftables text with {@code nft -f}, anything
     * else with {@code iptables-restore} (which replaces the tables it names and keeps conntrack).
     * With {@code replace}, an nftables namespace's old ruleset is flushed first, as a reload needs.
     */
    public void loadRules(String what, String real, String text, boolean replace, Duration timeout) {
        String t = text.endsWith("\n") ? text : text + "\n";
        if (Names.looksLikeNft(t)) {
            // A reload replaces only the tables the text declares (kube-proxy's 'ip kube-proxy'), in the
            // same transaction: 'nft flush ruleset' would also flush the iptables-nft tables (Felix's
            // policy chains) that share the kernel's nftables.
            runner.runOrThrow(what, List.of("ip", "netns", "exec", real, "nft", "-f", "-"),
                    replace ? replacingTables(t) + t : t, timeout);
        } else {
            runner.runOrThrow(what, List.of("ip", "netns", "exec", real, "iptables-restore", "-w", "5"),
                    replace ? emptiedTables(t) + t : t, timeout);
        }
    }

    /**
     * The text is the node's whole ruleset: a table it no longer has (the filter table once the last
     * NetworkPolicy is deleted, in nftables mode where kube-proxy writes none) is emptied, as
     * {@code iptables-restore} leaves tables the text does not name untouched.
     */
    static String emptiedTables(String text) {
        StringBuilder b = new StringBuilder();
        for (String table : List.of("raw", "mangle", "nat", "filter")) {
            if (!java.util.regex.Pattern.compile("(?m)^\\*" + table + "\\s*$").matcher(text).find()) {
                b.append('*').append(table).append("\nCOMMIT\n");
            }
        }
        return b.toString();
    }

    /**
     * For each table {@code text} declares ({@code table ip kube-proxy} or {@code add table ...}):
     * create it if missing, then delete it, so the text that follows recreates it from scratch.
     */
    static String replacingTables(String text) {
        java.util.Set<String> tables = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*(?:add\\s+)?table\\s+(ip|ip6|inet|arp|bridge|netdev)"
                + "\\s+([A-Za-z0-9_.-]+)").matcher(text);
        while (m.find()) {
            tables.add(m.group(1) + " " + m.group(2));
        }
        StringBuilder b = new StringBuilder();
        for (String table : tables) {
            b.append("add table ").append(table).append('\n').append("delete table ").append(table).append('\n');
        }
        return b.toString();
    }

    /**
     * Reads back the MTU of every bridge and tunnel device and warns where the kernel did not take the
     * configured one (a VXLAN device bound to a NIC is silently clamped to the NIC's MTU minus 50).
     * Returns the warnings, which are also kept in {@link #warnings()}.
     */
    public List<String> checkMtus(Rendering r, io.podnet.sim.config.NetworkConfig config) {
        List<String> out = new ArrayList<>();
        for (io.podnet.sim.config.NamespaceConfig ns : config.namespaces()) {
            Map<String, Integer> want = new java.util.TreeMap<>();
            for (io.podnet.sim.config.InterfaceConfig i : ns.interfaces()) {
                if (i instanceof io.podnet.sim.config.InterfaceConfig.Vxlan || i instanceof io.podnet.sim.config.InterfaceConfig.Bridge) {
                    want.put(i.name(), i.mtu());
                }
            }
            if (want.isEmpty()) {
                continue;
            }
            CommandResult res = runner.run(List.of("ip", "-n", r.real(ns.name()), "-j", "link", "show"), null, SHORT);
            if (!res.ok()) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"ifname\":\"([^\"]+)\"[^{}]*?\"mtu\":(\\d+)")
                    .matcher(res.stdout());
            while (m.find()) {
                Integer w = want.get(m.group(1));
                int got = Integer.parseInt(m.group(2));
                if (w != null && w != got) {
                    String msg = "the kernel set the MTU of " + ns.name() + "/" + m.group(1) + " to " + got + " (configured "
                            + w + ")" + (got < w ? "; a VXLAN device bound to a NIC cannot exceed the NIC's MTU minus 50,"
                            + " so MTU outcomes through it may differ from the simulator's" : "");
                    out.add(msg);
                }
            }
        }
        warnings.addAll(out);
        return out;
    }

    /**
     * Writes sysctls inside one namespace. A key this kernel does not have in a namespace (for
     * instance {@code net.bridge.*} without br_netfilter) becomes a warning; any other failure is fatal.
     */
    private void sysctls(String netns, List<String> settings) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns, "sysctl", "-q", "-w"));
        argv.addAll(settings);
        CommandResult res = runner.run(argv, null, SHORT);
        if (res.ok()) {
            return;
        }
        // Retry one by one so one missing key does not hide the others.
        for (String s : settings) {
            CommandResult one = runner.run(List.of("ip", "netns", "exec", netns, "sysctl", "-q", "-w", s), null, SHORT);
            if (!one.ok()) {
                String err = one.stderr() + one.stdout();
                if (err.contains("cannot stat") || err.contains("No such file")) {
                    String msg = "sysctl " + s.substring(0, s.indexOf('=')) + " does not exist in a namespace on this kernel;"
                            + " it was not applied";
                    if (!warnings.contains(msg)) {
                        warnings.add(msg);
                    }
                } else {
                    throw new CommandException("setting " + s + " in " + netns, one);
                }
            }
        }
    }
}
