package io.podnet.dataplane.traffic;

import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.probe.ProbeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends traffic with real tools inside the namespaces: the {@link ProbeMain} helper (one JVM per
 * namespace) for TCP, HTTP and UDP, {@code ping} for ICMP. Every call is bounded by a timeout.
 */
public final class TrafficRunner {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(null|\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)");
    private static final Pattern PING_REPLY = Pattern.compile("bytes from ([0-9.]+): icmp_seq=(\\d+) ttl=(\\d+)");
    private static final Pattern PING_FRAG = Pattern.compile("icmp_seq=(\\d+) Frag needed and DF set \\(mtu = (\\d+)\\)");
    private static final Pattern PING_UNREACH = Pattern.compile("icmp_seq=(\\d+) Destination (Host|Net|Port) Unreachable");
    private static final Pattern PING_LOCAL = Pattern.compile("local error: message too long, mtu=(\\d+)");

    private final CommandRunner runner;
    private final Function<String, String> netns;
    private final int timeoutMs;
    private final List<String> java;
    private Path httpSizeFile;

    /**
     * @param netns     configuration namespace name -> real namespace name
     * @param timeoutMs per-attempt timeout (connect, read, ping wait)
     */
    public TrafficRunner(CommandRunner runner, Function<String, String> netns, int timeoutMs) {
        this.runner = runner;
        this.netns = netns;
        this.timeoutMs = timeoutMs;
        this.java = javaCommand();
    }

    /** {@code java -cp <where ProbeMain lives> ...}, with small heaps: one JVM per namespace. */
    public static List<String> javaCommand() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp;
        try {
            cp = Path.of(ProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            cp = System.getProperty("java.class.path");
        }
        return List.of(javaBin, "-Xmx24m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", cp, ProbeMain.class.getName());
    }

    /**
     * A file the servers read the HTTP response body size from on every request; {@link #run} writes
     * the item's size there first, so items with the same request but different responses are
     * answered as the simulator answers them (items run one after another).
     */
    public void useHttpSizeFile(Path file) {
        this.httpSizeFile = file;
    }

    /** Starts one server per namespace for all its listeners; returns problems (empty when all are ready). */
    public List<String> startServers(List<Listener> listeners) {
        return startServers(listeners, Map.of());
    }

    /**
     * Starts one server per namespace for all its listeners; TCP listeners answer HTTP requests with
     * the response body size {@code httpSizes} gives for the request's body size (the simulator's
     * server knows its item; a real server tells items apart by what they send).
     */
    public List<String> startServers(List<Listener> listeners, Map<Integer, Integer> httpSizes) {
        StringBuilder sizes = new StringBuilder();
        new java.util.TreeMap<>(httpSizes).forEach((k, v) -> sizes.append('/').append(k).append('=').append(v));
        Map<String, TreeSet<String>> byNs = new LinkedHashMap<>();
        for (Listener l : listeners) {
            byNs.computeIfAbsent(l.namespace(), k -> new TreeSet<>())
                    .add(l.protocol() + ":" + l.port() + (l.protocol().equals("tcp") ? sizes : ""));
        }
        List<CommandRunner.Background> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : byNs.entrySet()) {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns.apply(e.getKey())));
            argv.addAll(java);
            argv.add("serve");
            if (httpSizeFile != null) {
                argv.add("sizefile=" + httpSizeFile);
            }
            argv.addAll(e.getValue());
            started.add(runner.start(argv));
            names.add(e.getKey());
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            CommandRunner.Background b = started.get(i);
            if (!b.awaitOutput("ready", Duration.ofSeconds(30))) {
                problems.add("the server in " + names.get(i) + " did not start: " + b.stderr().strip());
            }
        }
        return problems;
    }

    /** Runs every attempt of the item and returns what each did. */
    public List<Attempt> run(TrafficItem item) {
        if (item.transport().equals("icmp")) {
            return ping(item);
        }
        if (httpSizeFile != null && item.protocol().equals("http")) {
            try {
                Files.writeString(httpSizeFile, Integer.toString(item.response()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + httpSizeFile, e);
            }
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns.apply(item.source())));
        argv.addAll(java);
        argv.addAll(List.of("call", item.protocol(), item.dst().toString(), Integer.toString(item.port()),
                Integer.toString(item.request()), Integer.toString(item.response()), Integer.toString(item.count()),
                Long.toString(item.intervalMs()), Integer.toString(timeoutMs), item.httpHost()));
        long budget = 20_000L + (long) item.count() * (2L * timeoutMs + item.intervalMs());
        CommandResult r = runner.run(argv, null, Duration.ofMillis(budget));
        List<Attempt> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("{")) {
                out.add(parse(line));
            }
        }
        for (int i = out.size(); i < item.count(); i++) {
            out.add(new Attempt(i, "not-run", -1, null, -1, r.timedOut() ? "the client timed out" : r.stderr().strip()));
        }
        return out;
    }

    static Attempt parse(String json) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            f.put(m.group(1), m.group(2).equals("null") ? null : m.group(3) != null ? m.group(3) : m.group(2));
        }
        int port = -1;
        String local = f.get("local");
        if (local != null && local.lastIndexOf(':') > 0) {
            port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
        }
        return new Attempt(Integer.parseInt(f.getOrDefault("attempt", "0")), f.get("outcome"), port, f.get("server"), -1,
                f.get("error"));
    }

    private List<Attempt> ping(TrafficItem item) {
        int waitS = Math.max(1, (timeoutMs + 999) / 1000);
        double interval = Math.max(0.002, item.intervalMs() / 1000.0);
        List<String> argv = List.of("ip", "netns", "exec", netns.apply(item.source()), "ping", "-n", "-c",
                Integer.toString(item.count()), "-i", String.format(Locale.ROOT, "%.3f", interval), "-W",
                Integer.toString(waitS), "-s", Integer.toString(item.request()), item.dst().toString());
        long budget = 10_000L + (long) item.count() * (item.intervalMs() + 1000L * waitS);
        CommandResult r = runner.run(argv, null, Duration.ofMillis(budget));
        return parsePing(r.stdout() + "\n" + r.stderr(), item.count());
    }

    static List<Attempt> parsePing(String text, int count) {
        Attempt[] a = new Attempt[count];
        String localError = null;
        for (String line : text.split("\n")) {
            Matcher m = PING_REPLY.matcher(line);
            if (m.find()) {
                int seq = Integer.parseInt(m.group(2)) - 1;
                if (seq >= 0 && seq < count && a[seq] == null) {
                    a[seq] = new Attempt(seq, "delivered", -1, m.group(1), Integer.parseInt(m.group(3)), line.strip());
                }
                continue;
            }
            m = PING_FRAG.matcher(line);
            if (m.find()) {
                int seq = Integer.parseInt(m.group(1)) - 1;
                if (seq >= 0 && seq < count && a[seq] == null) {
                    a[seq] = new Attempt(seq, "dropped", -1, null, -1, "frag needed and DF set, mtu " + m.group(2));
                }
                continue;
            }
            m = PING_UNREACH.matcher(line);
            if (m.find()) {
                int seq = Integer.parseInt(m.group(1)) - 1;
                if (seq >= 0 && seq < count && a[seq] == null) {
                    a[seq] = new Attempt(seq, m.group(2).equals("Port") ? "refused" : "dropped", -1, null, -1, line.strip());
                }
                continue;
            }
            m = PING_LOCAL.matcher(line);
            if (m.find() && localError == null) {
                localError = "local error: message too long, mtu " + m.group(1);
            }
        }
        List<Attempt> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (a[i] != null) {
                out.add(a[i]);
            } else if (localError != null) {
                out.add(new Attempt(i, "dropped", -1, null, -1, localError));
            } else {
                out.add(new Attempt(i, "timeout", -1, null, -1, null));
            }
        }
        return out;
    }
}
