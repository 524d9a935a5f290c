package io.podnet.reports.cli;

import io.podnet.cli.AtomicFiles;
import io.podnet.cli.ExitCodes;
import io.podnet.cli.Progress;
import io.podnet.cli.UserError;
import io.podnet.reports.compare.Comparer;
import io.podnet.reports.compare.Comparison;
import io.podnet.reports.compare.ComparisonHtml;
import io.podnet.reports.compare.ComparisonJson;
import io.podnet.reports.compare.ComparisonText;
import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.load.Units;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.cost.CostProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podnet compare FILE --cni A,B,...}: one scenario under several CNI designs, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one scenario under several CNI designs with the same seed and print what each run"
                + " measured: per-packet overhead, pod MTU, hops, latency, goodput of a bulk transfer, routes and"
                + " FIB entries per node, BGP sessions, convergence after a node failure, whether every underlay"
                + " subnet was crossed; request/response percentiles, throughput of one and N streams with CPU per node"
                + " and per step under a cost profile, and new-connection latency against the number of Services.",
                "compare adds a bulk TCP transfer between pods on two nodes (unless the scenario has one) and, on"
                        + " underlays with several subnets, a ping between each pair of subnets."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every supported design ran (designs not supported yet are reported, not errors)",
                "1:a design podnet supports could not be built or run under this scenario",
                "2:bad input: the scenario, an unknown design name, an unwritable --out",
                "3:internal error (a bug)"})
final class CompareCommand implements Callable<Integer> {
    /** The designs compared when {@code --cni} is not given (those podnet knows). */
    static final List<String> DEFAULT_DESIGNS = List.of("flannel-vxlan", "flannel-host-gw", "calico-bgp", "calico-ipip",
            "calico-vxlan", "geneve");

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--cni", paramLabel = "DESIGN[,DESIGN...]", split = ",",
            description = "The designs to compare, in column order (default: flannel-vxlan, flannel-host-gw,"
                    + " calico-bgp, calico-ipip, calico-vxlan, geneve).")
    List<String> designs;

    @Option(names = "--kube-proxy", paramLabel = "MODE[,MODE...]", split = ",",
            description = "Compare kube-proxy modes instead of CNI designs: the scenario's own traffic under each"
                    + " mode (iptables, nftables, ipvs), per item whether outcome, endpoint distribution, SNAT and"
                    + " source ports agree.")
    List<String> kubeProxyModes;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every run (default: the file's, else 1).")
    Long seed;

    @Option(names = "--json", description = "Write the comparison as JSON (format podnet-compare/1); same as --format json.")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (every figure; format podnet-compare/1) or html (one self-contained page"
                    + " with charts).")
    String format;

    @Option(names = "--rr-samples", paramLabel = "N", defaultValue = "200", description = "Request/response samples"
            + " (64 B each way, one round trip per established connection; 0 for none; default ${DEFAULT-VALUE}).")
    int rrSamples;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "2", description = "Parallel bulk streams of the"
            + " N-stream throughput measurement (0 or 1 for none; default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--services", paramLabel = "N[,N...]", split = ",", defaultValue = "0,1000,10000",
            description = "Service counts of the new-connection curve ('none' for no curve; default ${DEFAULT-VALUE}).")
    List<String> services;

    @Option(names = "--kube-proxy-mode", paramLabel = "MODE", defaultValue = "iptables",
            description = "kube-proxy's mode for the new-connection curve (iptables; default ${DEFAULT-VALUE}).")
    String kubeProxyMode;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
    Path out;

    @Option(names = "--bulk", paramLabel = "SIZE", defaultValue = "10MiB",
            description = "Size of the bulk TCP transfer compare adds (default: ${DEFAULT-VALUE}).")
    String bulk;

    @Option(names = "--profile", paramLabel = "FILE", description = io.podnet.cli.ProfileOption.HELP)
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        if (kubeProxyModes != null && !kubeProxyModes.isEmpty()) {
            return compareModes(cl, err);
        }
        List<String> chosen = designs == null || designs.isEmpty()
                ? DEFAULT_DESIGNS.stream().filter(Podnet.designs()::contains).toList() : clean(designs);
        chosen.forEach(d -> io.podnet.cli.CliValues.design("--cni", d));
        long bulkBytes;
        try {
            bulkBytes = Units.size(bulk.strip());
        } catch (IllegalArgumentException e) {
            throw new UserError("--bulk '" + bulk + "' is not a size; expected " + Units.SIZE_FORMS);
        }
        if (bulkBytes <= 0) {
            throw new UserError("--bulk must be at least 1 byte, was '" + bulk + "'");
        }
        String fmt = json ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("text", "json", "html").contains(fmt)) {
            throw new UserError("--format '" + format + "' is not known; accepted: text, json, html");
        }
        CostProfile costs = io.podnet.cli.ProfileOption.resolve(profile);
        List<Integer> counts = new ArrayList<>();
        for (String n : services) {
            String t = n.strip();
            if (t.equals("none") || t.isEmpty()) {
                continue;
            }
            try {
                counts.add(Integer.parseInt(t.replace("_", "")));
            } catch (NumberFormatException e) {
                throw new UserError("--services '" + n + "' is not a count; expected numbers such as 0,1000,10000, or none");
            }
        }
        Comparer.Options options;
        try {
            options = new Comparer.Options(chosen, seed, bulkBytes, costs, rrSamples, streams > 1 ? streams : 0, counts,
                    kubeProxyMode.strip());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        LoadedScenario loaded = Loading.load(file, err);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        Comparison c;
        try (Progress bar = Progress.open("compare", Comparer.steps(options), "runs")) {
            c = Comparer.compare(loaded, file.toString(), options, bar::step);
        } catch (ScenarioException e) {
            Loading.print(e, err);
            return ExitCodes.BAD_INPUT;
        }
        String text = fmt.equals("json") ? ComparisonJson.render(c) : fmt.equals("html") ? ComparisonHtml.render(c)
                : ComparisonText.render(c);
        if (out != null) {
            try {
                AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UserError("cannot write " + out + ": " + e.getMessage());
            }
        } else {
            cl.getOut().print(text);
            cl.getOut().flush();
        }
        return c.allRan() ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
    }

    /** {@code --kube-proxy}: the mode agreement (text, json or html). */
    private int compareModes(CommandLine cl, PrintWriter err) {
        if (designs != null && !designs.isEmpty()) {
            throw new UserError("--kube-proxy compares modes under the file's CNI; drop --cni (or compare designs"
                    + " without --kube-proxy)");
        }
        String fmt = json ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("text", "json", "html").contains(fmt)) {
            throw new UserError("--format '" + format + "' is not known; accepted: text, json, html");
        }
        List<String> modes = new ArrayList<>();
        for (String m : kubeProxyModes) {
            String s = m.strip();
            if (!s.isEmpty() && !modes.contains(s)) {
                modes.add(io.podnet.cli.CliValues.kubeProxy("--kube-proxy", s));
            }
        }
        if (modes.isEmpty()) {
            throw new UserError("--kube-proxy names no mode; accepted: " + String.join(", ", Podnet.kubeProxyModes()));
        }
        LoadedScenario loaded = Loading.load(file, err);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        List<io.podnet.reports.compare.ModeAgreement.ModeRun> runs =
                io.podnet.reports.compare.ModeAgreement.run(loaded, modes, seed);
        String text = fmt.equals("json") ? io.podnet.reports.compare.ModeAgreementReport.json(file.toString(),
                seed != null ? seed : loaded.scenario().seed(), runs)
                : fmt.equals("html") ? io.podnet.reports.compare.ModeAgreementReport.html(file.toString(), runs)
                : io.podnet.reports.compare.ModeAgreement.render(file.toString(), runs);
        if (out != null) {
            try {
                AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UserError("cannot write " + out + ": " + e.getMessage());
            }
        } else {
            cl.getOut().print(text);
            cl.getOut().flush();
        }
        return io.podnet.reports.compare.ModeAgreement.noneFailed(runs) ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
    }

    /** Names stripped, empty ones and repeats dropped, order kept. */
    private static List<String> clean(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String s = n.strip();
            if (!s.isEmpty() && !out.contains(s)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new UserError("--cni names no design; accepted: " + String.join(", ", Podnet.designs()));
        }
        return out;
    }
}
