package io.podnet.dataplane.calibrate;

import io.podnet.scenarios.reference.ReferenceTopology;

import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.traffic.TrafficRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real traffic between two pod namespaces of a realised reference topology, with Debian's tools run
 * as argument lists through {@code ip netns exec}: {@code sockperf ping-pong --tcp --full-rtt} (64 B
 * request/response on one connection), {@code iperf3} (one and N streams), and the probe's
 * {@code connect} mode (new connections, e.g. through a Service's DNAT).
 */
final class KernelBench {
    private final CommandRunner runner;
    private final String clientNs;
    private final String serverNs;
    private final String serverIp;
    private final boolean pin;

    /** {@code pin}: the client tools run on CPU 0 and the servers on CPU 1 ({@code taskset -c}). */
    KernelBench(CommandRunner runner, String clientNs, String serverNs, String serverIp, boolean pin) {
        this.runner = runner;
        this.clientNs = clientNs;
        this.serverNs = serverNs;
        this.serverIp = serverIp;
        this.pin = pin;
    }

    /** {@code ip netns exec NS [taskset -c CPU] TOOL...}: an argument list, never a shell. */
    private List<String> in(String ns, boolean pinned, int cpu, String... tool) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        if (pin && pinned) {
            argv.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
        }
        argv.addAll(List.of(tool));
        return argv;
    }

    /** Starts sockperf's and iperf3's servers in the server namespace; returns problems. */
    List<String> startServers() {
        List<String> problems = new ArrayList<>();
        CommandRunner.Background sp = runner.start(in(serverNs, true, 1, "sockperf", "server", "--tcp",
                "-i", "0.0.0.0", "-p", String.valueOf(ReferenceTopology.RR_PORT)));
        CommandRunner.Background ip = runner.start(in(serverNs, true, 1, "iperf3", "-s", "-p",
                String.valueOf(ReferenceTopology.STREAM_PORT)));
        // both buffer their banners when stdout is a pipe: give them a moment, then check they still run
        sp.awaitOutput("sockperf", Duration.ofSeconds(1));
        sleep(700);
        if (!sp.alive()) {
            problems.add("sockperf server did not start: " + sp.stderr().strip());
        }
        if (!ip.alive()) {
            problems.add("iperf3 server did not start: " + ip.stderr().strip());
        }
        return problems;
    }

    /** Percentiles of sockperf's full round trips, in ns. */
    record Rtt(double p50, double p90, double p99, long observations) {}

    /** One sockperf ping-pong run of {@code seconds}; null when it failed. */
    Rtt pingPong(int seconds) {
        CommandResult r = runner.run(in(clientNs, true, 0, "sockperf", "ping-pong", "--tcp",
                "--full-rtt", "-i", serverIp, "-p", String.valueOf(ReferenceTopology.RR_PORT), "-m", "64", "-t",
                String.valueOf(seconds)), null, Duration.ofSeconds(seconds + 30L));
        return r.ok() ? parseSockperf(r.stdout() + "\n" + r.stderr()) : null;
    }

    static Rtt parseSockperf(String out) {
        Double p50 = percentile(out, "50.000");
        Double p90 = percentile(out, "90.000");
        Double p99 = percentile(out, "99.000");
        Matcher n = Pattern.compile("Total (\\d+) observations").matcher(out);
        if (p50 == null || p90 == null || p99 == null) {
            return null;
        }
        return new Rtt(p50 * 1000, p90 * 1000, p99 * 1000, n.find() ? Long.parseLong(n.group(1)) : 0);
    }

    private static Double percentile(String out, String p) {
        Matcher m = Pattern.compile("percentile " + Pattern.quote(p) + " =\\s*([0-9.]+)").matcher(out);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    /** Goodput of an iperf3 run with {@code streams} parallel streams, bit/s; and the client's CPU %. */
    record Stream(double bitsPerSecond, double senderCpuPercent, double receiverCpuPercent) {}

    /** One iperf3 run; null when it failed. {@code bytes} > 0 sends that much, else runs {@code seconds}. */
    Stream iperf(int streams, int seconds, long bytes) {
        // one stream's client is pinned (with --pin); N streams need every CPU
        List<String> argv = in(clientNs, streams == 1, 0, "iperf3", "-c", serverIp, "-p",
                String.valueOf(ReferenceTopology.STREAM_PORT), "-J", "-P", String.valueOf(streams));
        if (bytes > 0) {
            argv.addAll(List.of("-n", String.valueOf(bytes)));
        } else {
            argv.addAll(List.of("-t", String.valueOf(seconds)));
        }
        CommandResult r = runner.run(argv, null, Duration.ofSeconds(seconds + 60L));
        return r.ok() ? parseIperf(r.stdout()) : null;
    }

    static Stream parseIperf(String json) {
        int at = json.indexOf("\"sum_received\"");
        if (at < 0) {
            return null;
        }
        Matcher m = Pattern.compile("\"bits_per_second\"\\s*:\\s*([0-9.eE+-]+)").matcher(json);
        if (!m.find(at)) {
            return null;
        }
        double bps = Double.parseDouble(m.group(1));
        return new Stream(bps, number(json, "host_total"), number(json, "remote_total"));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The connect() times of {@code count} new connections to {@code ip:port}, ns (failed ones left out). */
    List<Long> connects(String ip, int port, int count) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", clientNs));
        argv.addAll(TrafficRunner.javaCommand());
        argv.addAll(List.of("connect", ip, String.valueOf(port), String.valueOf(count), "2000"));
        CommandResult r = runner.run(argv, null, Duration.ofSeconds(60 + count / 10L));
        List<Long> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("connect ")) {
                long v = Long.parseLong(line.substring(8).strip());
                if (v >= 0) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
