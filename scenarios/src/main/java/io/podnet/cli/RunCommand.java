package io.podnet.cli;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.engine.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podnet run FILE}: simulates a scenario, writes its trace, checks its expectations. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Simulate a scenario packet by packet, print its trace and check its expectations.",
                "The trace goes to standard output (or --out); the summary and any failed expectation go to"
                        + " standard error."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every expectation holds", "1:an expectation failed",
                "2:bad input (the message gives file:line:column) or an output that cannot be written",
                "3:internal error (a bug)"})
final class RunCommand implements Callable<Integer> {
    /** Trace formats. */
    enum TraceFormat { text, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every random choice (overrides the file's"
            + " seed; default: the file's, else 1).")
    Long seed;

    @Option(names = "--trace", paramLabel = "FORMAT", defaultValue = "text",
            description = "Trace format: text or json (default: ${DEFAULT-VALUE}).")
    TraceFormat trace;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the trace to FILE (atomically: all or"
            + " nothing) instead of standard output.")
    Path out;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Also write every simulated interface's packets"
            + " as pcapng (opens in Wireshark/tshark).")
    Path pcap;

    @Option(names = "--cni", paramLabel = "NAME", description = "Run under this CNI design instead of the file's"
            + " cluster.cni: flannel-vxlan, flannel-host-gw, flannel-wireguard, geneve, calico, calico-bgp, calico-ipip,"
            + " calico-ipip-crosssubnet, calico-vxlan, calico-vxlan-crosssubnet (each with its defaults).")
    String cni;

    @Option(names = {"-v", "--verbose"}, description = "Print every attempt with its path and latency, and where"
            + " each node's CPU time went.")
    boolean verbose;

    @Option(names = "--profile", paramLabel = "FILE", description = ProfileOption.HELP)
    String profile;

    @Option(names = "--costs", description = "Under each text trace event, the CPU it ran on, its wait and what each"
            + " step cost.")
    boolean costs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        io.podnet.sim.cost.CostProfile p = ProfileOption.resolve(profile);
        return execute(spec.commandLine(), file, seed, cni, p, costs, trace, out, pcap, verbose);
    }

    static int execute(CommandLine cl, Path file, Long seed, TraceFormat format, Path outFile, Path pcap,
                       boolean verbose) {
        return execute(cl, file, seed, null, format, outFile, pcap, verbose);
    }

    static int execute(CommandLine cl, Path file, Long seed, String cni, TraceFormat format, Path outFile, Path pcap,
                       boolean verbose) {
        return execute(cl, file, seed, cni, io.podnet.sim.cost.CostProfile.defaults(), false, format, outFile, pcap,
                verbose);
    }

    static int execute(CommandLine cl, Path file, Long seed, String cni, io.podnet.sim.cost.CostProfile profile,
                       boolean costs, TraceFormat format, Path outFile, Path pcap, boolean verbose) {
        PrintWriter err = cl.getErr();
        if (cni != null && !Podnet.designs().contains(cni)) {
            throw new UserError("--cni: unknown CNI design '" + cni + "'; expected one of: "
                    + String.join(", ", Podnet.designs()));
        }
        LoadedScenario loaded = ValidateCommand.load(file, err);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        RunResult result;
        try {
            result = Podnet.run(loaded, seed, cni, profile);
        } catch (ScenarioException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.render());
            }
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        try {
            if (outFile != null) {
                AtomicFiles.write(outFile, o -> {
                    java.io.Writer w = new java.io.OutputStreamWriter(o, java.nio.charset.StandardCharsets.UTF_8);
                    TraceOutput.write(result, format == TraceFormat.json, costs, w);
                    w.flush();
                });
            } else {
                TraceOutput.write(result, format == TraceFormat.json, costs, cl.getOut());
                cl.getOut().flush();
            }
            if (pcap != null) {
                AtomicFiles.write(pcap, o -> TraceOutput.writePcap(result, o));
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + (outFile != null ? outFile : "the trace") + ": " + e.getMessage());
        }
        summary(result, verbose, err);
        List<ExpectationFailure> failures = Podnet.check(result);
        for (ExpectationFailure f : failures) {
            err.println(f.render());
        }
        int total = result.scenario().expectations().size();
        if (total > 0) {
            long failedExpectations = failures.stream().map(f -> f.expectation().index()).distinct().count();
            err.println("expectations: " + (total - failedExpectations) + " of " + total + " hold");
        }
        err.flush();
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
    }

    static void summary(RunResult r, boolean verbose, PrintWriter err) {
        err.println("scenario " + r.scenarioName() + " (seed " + r.seed() + ", cni " + r.scenario().cluster().cni().design()
                + "): " + r.trace().size()
                + " trace events, " + Durations.format(r.endNanos()) + " simulated");
        for (FlowResult f : r.flows()) {
            if (!verbose && f.attempt() > 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder("  ").append(f.flow()).append(": ").append(f.outcome().text());
            if (f.servedBy() != null) {
                sb.append(" by pod/").append(f.servedBy());
            }
            sb.append(", encapsulation ").append(f.encapsulation().text());
            if (f.latencyNanos() >= 0) {
                sb.append(", ").append(Durations.format(f.latencyNanos()));
            }
            sb.append(", ").append(f.bytesSent()).append(" B sent, ").append(f.bytesReceived()).append(" B received");
            if (f.detail() != null && !f.detail().isEmpty() && f.outcome() != io.podnet.scenarios.model.Outcome.DELIVERED) {
                sb.append(" (").append(f.detail()).append(')');
            }
            err.println(sb);
            if (verbose) {
                err.println("    path: " + String.join(" -> ", f.path()));
            }
        }
        if (verbose) {
            cpuSummary(r, err);
        }
        if (!verbose) {
            long repeated = r.flows().stream().filter(f -> f.attempt() > 0).count();
            if (repeated > 0) {
                err.println("  (" + repeated + " further attempts; --verbose lists them)");
            }
        }
    }

    /** "cpu node1 (2 CPUs, profile default): busy 52.1us; socket-receive 10.4us, vxlan-encap 8.8us, ..." per node. */
    static void cpuSummary(RunResult r, PrintWriter err) {
        r.cpuUsage().nodes().forEach((node, u) -> {
            StringBuilder sb = new StringBuilder("  cpu ").append(node).append(" (").append(u.cpus()).append(" CPUs, profile ")
                    .append(r.profile().name()).append("): busy ").append(Durations.format(u.totalNanos()));
            if (u.waitNanos() > 0) {
                sb.append(", waited ").append(Durations.format(u.waitNanos()));
            }
            String sep = "; ";
            java.util.List<java.util.Map.Entry<io.podnet.sim.cost.CostStep, Long>> steps =
                    new java.util.ArrayList<>(u.stepNanos().entrySet());
            steps.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                    : Long.compare(b.getValue(), a.getValue()));
            for (java.util.Map.Entry<io.podnet.sim.cost.CostStep, Long> e : steps) {
                if (e.getValue() > 0) {
                    sb.append(sep).append(e.getKey().key()).append(' ').append(Durations.format(e.getValue()));
                    sep = ", ";
                }
            }
            err.println(sb);
        });
    }
}
