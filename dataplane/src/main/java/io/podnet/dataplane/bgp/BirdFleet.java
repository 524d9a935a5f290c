package io.podnet.dataplane.bgp;

import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.net.Ipv4Prefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * BIRD 2 in every namespace of a run that has a BGP daemon. Each daemon's {@code bird.conf},
 * control socket and pid file live in a private temporary directory of the run; BIRD runs in the
 * foreground ({@code ip netns exec NS bird -f -c CONF -s SOCKET -P PIDFILE}, an argument list) as a
 * background process of the {@link CommandRunner}, so teardown ends it by process id (and
 * {@code --cleanup} ends it as a process inside a run namespace). Nothing outside the run's
 * namespaces and that directory is touched.
 */
public final class BirdFleet implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(10);
    private static final long POLL_MS = 100;

    private final CommandRunner runner;
    private final Rendering rendering;
    private final NetworkConfig config;
    private final Path dir;
    private final Map<String, Path> sockets = new LinkedHashMap<>();
    private final Map<String, CommandRunner.Background> daemons = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param config the configuration with its BGP daemons (as the simulator got it)
     */
    public BirdFleet(CommandRunner runner, Rendering rendering, NetworkConfig config) {
        this.runner = runner;
        this.rendering = rendering;
        this.config = config;
        try {
            this.dir = Files.createTempDirectory(io.podnet.dataplane.realise.RunFiles.prefix("bird"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for BIRD's files", e);
        }
    }

    /** Problems seen so far (a daemon that exited, a socket that did not answer). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Writes every bird.conf and starts every daemon. Returns false (with problems) when one exits at once. */
    public boolean start() {
        int i = 0;
        for (BgpDaemonConfig d : config.bgp()) {
            String text = BirdConfig.render(d, config);
            Path conf = dir.resolve("b" + i + ".conf");
            Path sock = dir.resolve("b" + i + ".ctl");
            Path pid = dir.resolve("b" + i + ".pid");
            i++;
            try {
                Files.writeString(conf, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + conf, e);
            }
            sockets.put(d.namespace(), sock);
            daemons.put(d.namespace(), runner.start(List.of("ip", "netns", "exec", rendering.real(d.namespace()), "bird",
                    "-f", "-c", conf.toString(), "-s", sock.toString(), "-P", pid.toString())));
        }
        sleep(300);
        for (Map.Entry<String, CommandRunner.Background> e : daemons.entrySet()) {
            if (!e.getValue().alive()) {
                problems.add("BIRD in " + e.getKey() + " exited at once: " + e.getValue().stderr().strip());
            }
        }
        return problems.isEmpty();
    }

    /** The bird.conf written for a namespace (for reports and tests). */
    public String configText(String namespace) {
        BgpDaemonConfig d = BgpReference.daemon(config, namespace);
        return d == null ? null : BirdConfig.render(d, config);
    }

    /**
     * Waits until every BGP protocol of every daemon is Established. Returns the milliseconds it
     * took, or -1 on timeout (with the protocols that were not up in {@link #problems}).
     */
    public long awaitEstablished(Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Map<String, List<String>> down = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            down.clear();
            for (BgpDaemonConfig d : config.bgp()) {
                List<String> notUp = notEstablished(d);
                if (!notUp.isEmpty()) {
                    down.put(d.namespace(), notUp);
                }
            }
            if (down.isEmpty()) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            sleep(POLL_MS);
        }
        down.forEach((ns, l) -> problems.add("BIRD in " + ns + ": sessions not Established after "
                + timeout.toSeconds() + " s: " + String.join("; ", l)));
        return -1;
    }

    /** The BGP protocols of one daemon that are not Established, with BIRD's state text. */
    List<String> notEstablished(BgpDaemonConfig d) {
        CommandResult r = runner.run(List.of("birdc", "-s", sockets.get(d.namespace()).toString(), "show", "protocols"), null, T);
        List<String> out = new ArrayList<>();
        if (!r.ok()) {
            out.add("birdc failed: " + (r.stderr() + r.stdout()).strip());
            return out;
        }
        Map<String, String> states = parseProtocols(r.stdout());
        for (var n : d.neighbours()) {
            String name = BirdConfig.protocolName(n.address());
            String st = states.get(name);
            if (st == null || !st.contains("Established")) {
                out.add(name + " " + (st == null ? "absent" : st));
            }
        }
        return out;
    }

    /** Protocol name -> the rest of its line in {@code birdc show protocols}. */
    static Map<String, String> parseProtocols(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+", 2);
            if (f.length == 2 && f[0].startsWith("peer_")) {
                out.put(f[0], f[1]);
            }
        }
        return out;
    }

    /** The routes BIRD wrote into a namespace's main table ({@code ip -j route show proto bird}). */
    public List<KernelRoute> routes(String namespace) {
        CommandResult r = runner.run(List.of("ip", "-n", rendering.real(namespace), "-j", "route", "show", "proto", "bird"),
                null, T);
        if (!r.ok()) {
            problems.add("cannot read the routes of " + namespace + ": " + r.stderr().strip());
            return List.of();
        }
        return KernelRoute.parseJson(r.stdout());
    }

    /** Every daemon's kernel routes. */
    public Map<String, List<KernelRoute>> allRoutes() {
        Map<String, List<KernelRoute>> out = new LinkedHashMap<>();
        for (BgpDaemonConfig d : config.bgp()) {
            out.put(d.namespace(), routes(d.namespace()));
        }
        return out;
    }

    /**
     * Polls the kernel tables until they equal {@code expected} or have stayed unchanged for
     * {@code quietMs}, at most {@code timeout}. Returns the milliseconds until the last change.
     */
    public long awaitRoutes(Map<String, List<KernelRoute>> expected, long quietMs, Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Map<String, List<KernelRoute>> last = null;
        long lastChange = t0;
        while (System.nanoTime() < deadline) {
            Map<String, List<KernelRoute>> now = allRoutes();
            if (!now.equals(last)) {
                last = now;
                lastChange = System.nanoTime();
            }
            if (now.equals(expected) || System.nanoTime() - lastChange > quietMs * 1_000_000L) {
                break;
            }
            sleep(POLL_MS);
        }
        return (lastChange - t0) / 1_000_000;
    }

    /**
     * Fails a node as the simulator does (power loss: no NOTIFICATION, no TCP close reaching the
     * peers): every underlay NIC of its namespace is set down, inside that namespace; its BIRD keeps
     * running but can no longer send. Returns the {@code System.nanoTime()} of the failure.
     */
    public long fail(String namespace) {
        long t0 = System.nanoTime();
        for (InterfaceConfig i : config.namespace(namespace).interfaces()) {
            if (i instanceof InterfaceConfig.Nic) {
                runner.run(List.of("ip", "-n", rendering.real(namespace), "link", "set", "dev", i.name(), "down"), null, T);
            }
        }
        return t0;
    }

    /**
     * Polls every surviving daemon's routes until none holds a route to {@code prefixes}; returns per
     * namespace the milliseconds from {@code t0} until it had withdrawn them (-1: not within the timeout).
     */
    public Map<String, Long> awaitWithdrawal(String failed, List<Ipv4Prefix> prefixes, long t0, Duration timeout) {
        return awaitWithdrawal(java.util.Set.of(failed), prefixes, t0, timeout);
    }

    /** The same, waiting on every daemon except those in {@code down} (failed ones hold what they hold). */
    public Map<String, Long> awaitWithdrawal(java.util.Set<String> down, List<Ipv4Prefix> prefixes, long t0,
                                             Duration timeout) {
        Map<String, Long> out = new TreeMap<>();
        List<String> waiting = new ArrayList<>();
        for (BgpDaemonConfig d : config.bgp()) {
            if (!down.contains(d.namespace())) {
                waiting.add(d.namespace());
            }
        }
        long deadline = t0 + timeout.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (String ns : new ArrayList<>(waiting)) {
                boolean holds = false;
                for (KernelRoute r : routes(ns)) {
                    for (Ipv4Prefix p : prefixes) {
                        holds |= r.dst().equals(p.canonical());
                    }
                }
                if (!holds) {
                    out.put(ns, (System.nanoTime() - t0) / 1_000_000);
                    waiting.remove(ns);
                }
            }
            sleep(POLL_MS);
        }
        for (String ns : waiting) {
            out.put(ns, -1L);
        }
        return out;
    }

    /** BIRD's own log of a namespace (stderr), for diagnostics. */
    public String log(String namespace) {
        CommandRunner.Background b = daemons.get(namespace);
        return b == null ? "" : b.stderr();
    }

    /** Stops every daemon (SIGTERM, then SIGKILL) and deletes the directory. */
    @Override
    public void close() {
        for (CommandRunner.Background b : daemons.values()) {
            b.stop(Duration.ofSeconds(2));
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort for a private temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
