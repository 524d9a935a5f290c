package io.podnet.dataplane.cli;

import io.podnet.dataplane.ScenarioInput;
import io.podnet.dataplane.VerifyException;
import io.podnet.dataplane.VerifyInput;
import io.podnet.dataplane.VerifyReport;
import io.podnet.dataplane.Verifier;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.cli.Progress;
import io.podnet.dataplane.realise.Cleanup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.podnet.sim.cost.CostProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code podnet verify}: check the simulator's predictions against this machine's kernel. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Builds the scenario's cluster in Linux network namespaces (every node and pod a namespace, the same veth "
                    + "pairs, bridges, VXLAN devices, routes, neighbour and FDB entries and the same iptables-restore "
                    + "text the simulator evaluates), sends the same traffic with real tools, captures it, and puts "
                    + "kernel and simulator side by side.",
            "Needs root. Touches nothing outside the namespaces it creates (all named pn<6 hex>-...), and removes "
                    + "them on success, failure, Ctrl-C and SIGTERM."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every flow agrees (or is not checkable on this kernel)", "1:a flow differs",
            "2:bad input (the scenario, or a name unsafe on a command line)",
            "3:the environment cannot run it (not root, a tool missing)"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "the scenario file")
    Path file;

    @Option(names = "--report", paramLabel = "FILE", description = "also write the comparison as JSON")
    Path report;

    @Option(names = "--pcap-dir", paramLabel = "DIR", description = "keep the real captures (one pcap per interface and flow)")
    Path pcapDir;

    @Option(names = "--cleanup", description = "remove every namespace a killed run left behind (pn<6 hex>-*; runs still"
            + " in progress keep theirs) and exit")
    boolean cleanup;

    @Option(names = "--kube-proxy", paramLabel = "MODE", description = "verify under this kube-proxy mode instead of the"
            + " file's (iptables, nftables: its table is loaded with nft -f; ipvs is model-only)")
    String kubeProxy;

    @Option(names = "--seed", paramLabel = "N", description = "override the scenario's seed")
    Long seed;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1500", description = "per-attempt timeout (default ${DEFAULT-VALUE} ms)")
    int timeoutMs;

    @Option(names = "--max-repeats", paramLabel = "N", defaultValue = "200", description = "cap on real attempts per traffic item (default ${DEFAULT-VALUE})")
    int maxRepeats;

    @Option(names = "--convergence", description = "BGP designs: after the traffic, fail a node (its underlay link goes "
            + "down) and measure how long BIRD takes to withdraw its routes, next to the simulated figure; takes up to the "
            + "hold time (Calico: 240 s)")
    boolean convergence;

    @Option(names = "--fail-node", paramLabel = "NODE", description = "the node --convergence fails (default: the last BGP "
            + "node that reflects nothing)")
    String failNode;

    @Option(names = "--hold-time", paramLabel = "S", description = "BGP hold time for both the simulated speakers and BIRD "
            + "(keepalive a third), e.g. 9 to measure convergence quickly")
    Integer holdTime;


    @Option(names = {"-q", "--quiet"}, description = "print only the summary line")
    boolean quiet;

    @Option(names = "--profile", paramLabel = "FILE", description = io.podnet.cli.ProfileOption.HELP)
    String profile;

    @Option(names = "--cni", paramLabel = "DESIGN[,DESIGN...]", split = ",", description = "verify the scenario under"
            + " each design in turn (as 'podnet run --cni'), then compare their kernel/simulated time ratios side by"
            + " side (the ratio of ratios)")
    List<String> designs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (cleanup) {
                return cleanup(out, err);
            }
            if (file == null) {
                err.println("podnet verify: give a scenario FILE (or --cleanup); see podnet verify --help");
                return VerifyException.BAD_INPUT;
            }
            if (kubeProxy != null && !io.podnet.scenarios.Podnet.kubeProxyModes().contains(kubeProxy)) {
                err.println("podnet verify: --kube-proxy: unknown kube-proxy mode '" + kubeProxy + "'; accepted: "
                        + String.join(", ", io.podnet.scenarios.Podnet.kubeProxyModes()));
                return VerifyException.BAD_INPUT;
            }
            if (timeoutMs < 100 || timeoutMs > 60_000 || maxRepeats < 1) {
                err.println("podnet verify: --timeout must be 100-60000 ms and --max-repeats at least 1");
                return VerifyException.BAD_INPUT;
            }
            if (holdTime != null && (holdTime < 3 || holdTime > 65535)) {
                err.println("podnet verify: --hold-time must be 3-65535 s");
                return VerifyException.BAD_INPUT;
            }
            CostProfile costs = io.podnet.cli.ProfileOption.resolve(profile);
            if (designs != null && !designs.isEmpty()) {
                return sideBySide(out, costs);
            }
            VerifyInput input = ScenarioInput.load(file, seed, null, kubeProxy, costs);
            if (!quiet) {
                out.println("  simulated time under cost profile '" + costs.name() + "'");
            }
            Verifier.Options opts = new Verifier.Options(pcapDir, timeoutMs, maxRepeats, 1000, convergence, failNode, holdTime);
            VerifyReport r;
            // on a terminal a bar (realisation, then one step per traffic item) replaces the progress lines
            try (Progress bar = Progress.open("verify", quiet ? 0 : input.traffic().size() + 1, "steps")) {
                Verifier v = new Verifier(new CommandRunner(), opts,
                        quiet ? null : bar.drawn() ? s -> barStep(bar, s) : s -> {
                            out.println("  " + s);
                            out.flush();
                        });
                r = v.verify(input);
            }
            String text = r.text();
            if (quiet) {
                out.print(text.substring(text.stripTrailing().lastIndexOf('\n') + 1));
            } else {
                out.print(text);
            }
            if (report != null) {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(report, r.json(), StandardCharsets.UTF_8);
            }
            if (pcapDir != null && !quiet) {
                out.println("real captures kept in " + pcapDir);
            }
            out.flush();
            return r.exitCode();
        } catch (VerifyException e) {
            err.println("podnet verify: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (IOException e) {
            err.println("podnet verify: " + e.getMessage());
            err.flush();
            return VerifyException.BAD_INPUT;
        }
    }

    /** A progress line as the bar shows it: a step when the realisation or a traffic item is done. */
    private static void barStep(Progress bar, String line) {
        if (line.startsWith("realised in ") || line.startsWith("[")) {
            bar.step(line);
        } else {
            bar.message(line);
        }
    }

    /** Verifies under each design, then prints the timing ratios of every flow side by side. */
    private int sideBySide(PrintWriter out, CostProfile costs) {
        List<String> names = designs.stream().map(String::strip).filter(d -> !d.isEmpty()).distinct().toList();
        Map<String, VerifyReport> reports = new LinkedHashMap<>();
        int worst = 0;
        for (String d : names) {
            VerifyInput input = ScenarioInput.load(file, seed, d, kubeProxy, costs);
            Verifier.Options opts = new Verifier.Options(pcapDir, timeoutMs, maxRepeats, 1000, false, null, holdTime);
            VerifyReport r = new Verifier(new CommandRunner(), opts, quiet ? null : s -> {
                out.println("  [" + d + "] " + s);
                out.flush();
            }).verify(input);
            if (!quiet) {
                out.println("== " + d);
                out.print(r.text());
            }
            reports.put(d, r);
            worst = Math.max(worst, r.exitCode());
        }
        out.print(VerifyReport.sideBySide(reports, costs.name()));
        out.flush();
        return worst;
    }

    private int cleanup(PrintWriter out, PrintWriter err) {
        if (!Environment.isRoot()) {
            err.println("podnet verify --cleanup must run as root");
            return VerifyException.ENVIRONMENT;
        }
        Cleanup c = new Cleanup(new CommandRunner());
        List<String> removed = c.removeAllRuns();
        List<String> files = io.podnet.dataplane.realise.RunFiles.removeDead(io.podnet.dataplane.realise.RunFiles.tempDir());
        out.println(removed.isEmpty() && files.isEmpty() ? "nothing to clean up"
                : "removed " + removed.size() + " namespace(s)" + (removed.isEmpty() ? "" : ": " + String.join(" ", removed))
                + " and " + files.size() + " temporary file(s) or directories" + (files.isEmpty() ? ""
                : ": " + String.join(" ", files)));
        if (!c.skipped().isEmpty()) {
            out.println("kept " + c.skipped().size() + " namespace(s) of verifications still running: "
                    + String.join(" ", c.skipped()));
        }
        out.flush();
        return 0;
    }
}
