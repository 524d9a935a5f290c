package io.podnet.cli;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
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
    enum TraceFormat { text, json, podnet, none }

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every random choice (overrides the file's"
            + " seed; default: the file's, else 1).")
    Long seed;

    @Option(names = "--trace", paramLabel = "FORMAT", defaultValue = "text",
            description = "Trace format: text, json, podnet (the binary trace file podnet view --trace reads, by step;"
                    + " needs --out), or none (only the summary and the expectations)"
                    + " (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--kube-proxy", paramLabel = "MODE", description = "Run under this kube-proxy mode instead of the"
            + " file's cluster.kubeProxy.mode (iptables, nftables, ipvs; the file's flags stay).")
    String kubeProxy;

    @Option(names = {"-v", "--verbose"}, description = "Print every attempt with its path and latency, and where"
            + " each node's CPU time went.")
    boolean verbose;

    @Option(names = "--allow-include-outside", description = "Let resources include files outside the"
            + " scenario's directory tree (refused by default).")
    boolean allowIncludeOutside;

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
        return execute(spec.commandLine(), file, seed, cni, kubeProxy, p, costs, trace, out, pcap, verbose,
                allowIncludeOutside);
    }

    static int execute(CommandLine cl, Path file, Long seed, TraceFormat format, Path outFile, Path pcap,
                       boolean verbose) {
        return execute(cl, file, seed, null, format, outFile, pcap, verbose);
    }

    static int execute(CommandLine cl, Path file, Long seed, String cni, TraceFormat format, Path outFile, Path pcap,
                       boolean verbose) {
        return execute(cl, file, seed, cni, null, io.podnet.sim.cost.CostProfile.defaults(), false, format, outFile,
                pcap, verbose, false);
    }

    static int execute(CommandLine cl, Path file, Long seed, String cni, String kubeProxy,
                       io.podnet.sim.cost.CostProfile profile, boolean costs, TraceFormat format, Path outFile,
                       Path pcap, boolean verbose, boolean allowIncludeOutside) {
        PrintWriter err = cl.getErr();
        CliValues.design("--cni", cni);
        CliValues.kubeProxy("--kube-proxy", kubeProxy);
        if (format == TraceFormat.none && outFile != null) {
            throw new UserError("--out " + outFile + " with --trace none: there is no trace to write; use --trace text"
                    + " or --trace json with --out, or drop --out");
        }
        if (format == TraceFormat.podnet && outFile == null) {
            throw new UserError("--trace podnet writes a binary trace file: give --out FILE (then view it with"
                    + " podnet view SCENARIO --trace FILE)");
        }
        LoadedScenario loaded = ValidateCommand.load(file, err, allowIncludeOutside);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        loaded = Podnet.withKubeProxy(loaded, kubeProxy);
        // The trace (and the pcapng) are written while the run goes: nothing holds the whole trace.
        // Files are written beside their target and renamed over it only when complete.
        RunResult result;
        AtomicFiles.Pending traceFile = null;
        AtomicFiles.Pending pcapFile = null;
        io.podnet.sim.trace.file.TraceFileWriter podnetTrace = null;
        try {
            List<io.podnet.sim.trace.TraceListener> listeners = new java.util.ArrayList<>();
            java.io.Writer traceWriter = null;
            TraceOutput.Sink sink = null;
            if (format == TraceFormat.podnet) {
                // The header names the run (scenario, seed, CNI, kube-proxy, profile, digest, version):
                // podnet view --trace refuses it for any other.
                io.podnet.sim.trace.file.TraceRun run;
                try {
                    run = TraceRuns.of(Podnet.scenario(loaded, seed, cni, null), profile);
                } catch (ScenarioException e) {
                    ValidateCommand.print(e.diagnostics(), err);
                    err.flush();
                    return ExitCodes.BAD_INPUT;
                } catch (IOException e) {
                    throw new UserError("cannot read " + file + ": " + e.getMessage());
                }
                traceFile = AtomicFiles.open(outFile);
                Path dir = outFile.toAbsolutePath().getParent();
                Path indexPart = java.nio.file.Files.createTempFile(dir, "." + outFile.getFileName() + ".", ".index-part");
                podnetTrace = new io.podnet.sim.trace.file.TraceFileWriter(outFile, traceFile.out(), indexPart,
                        run.metadata());
                listeners.add(podnetTrace);
            } else if (format != TraceFormat.none) {
                if (outFile != null) {
                    traceFile = AtomicFiles.open(outFile);
                    traceWriter = new java.io.BufferedWriter(new java.io.OutputStreamWriter(traceFile.out(),
                            java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
                } else {
                    traceWriter = cl.getOut();
                }
                sink = TraceOutput.stream(format == TraceFormat.json, costs, traceWriter);
                listeners.add(sink);
            }
            io.podnet.sim.trace.render.PcapngWriter pcapWriter = null;
            if (pcap != null) {
                pcapFile = AtomicFiles.open(pcap);
                pcapWriter = new io.podnet.sim.trace.render.PcapngWriter(pcapFile.out());
                listeners.add(pcapWriter);
            }
            try {
                result = Podnet.run(loaded, seed, cni, profile,
                        new io.podnet.scenarios.run.RunObservation(false, listeners));
            } catch (ScenarioException e) {
                ValidateCommand.print(e.diagnostics(), err);
                err.flush();
                return ExitCodes.BAD_INPUT;
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            if (sink != null) {
                sink.finish();
                traceWriter.flush();
            }
            if (podnetTrace != null) {
                podnetTrace.close();
            }
            if (traceFile != null) {
                traceFile.commit();
            }
            if (pcapWriter != null) {
                pcapWriter.close();
                pcapFile.commit();
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + (outFile != null ? outFile : pcap != null ? pcap : "the trace") + ": "
                    + e.getMessage());
        } finally {
            if (podnetTrace != null) {
                podnetTrace.abandon(); // after close: only its side file, if still there
            }
            closeQuietly(traceFile);
            closeQuietly(pcapFile);
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

    /** Removes a file that was not completed (an error or bad input stopped the run). */
    private static void closeQuietly(AtomicFiles.Pending p) {
        if (p == null) {
            return;
        }
        try {
            p.close();
        } catch (IOException e) {
            // the temporary file stays; nothing else to do
        }
    }

    static void summary(RunResult r, boolean verbose, PrintWriter err) {
        err.println("scenario " + r.scenarioName() + " (seed " + r.seed() + ", cni " + r.scenario().cluster().cni().designName()
                + "): " + r.traceEvents()
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
                sb.append(", queued work waited ").append(Durations.format(u.waitNanos())).append(" in all");
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
