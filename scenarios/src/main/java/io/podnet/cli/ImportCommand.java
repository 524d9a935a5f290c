package io.podnet.cli;

import io.podnet.scenarios.load.ClusterImport;
import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code podnet import DUMP.yaml [--cni DESIGN] --out scenario.yaml}: writes a scenario around a
 * cluster dump ({@link ClusterImport}), checked as {@code podnet validate} checks it before the file
 * is written; nothing is written when the dump or the scenario has errors.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Write a scenario around a cluster dump (kubectl get nodes,pods,services,endpointslices,"
                + "networkpolicies -A -o yaml): the dump is included as it is, and the scenario adds the underlay, the"
                + " Service range, the CNI (guessed from what the dump shows, and said so in a comment) and one"
                + " example traffic item. Edit it, then 'podnet run' it."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the scenario was written", "2:bad input or usage (file:line:column where it applies)",
                "3:could not do the job (a bug)"})
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DUMP", description = "The cluster dump (kubectl get ... -o yaml).")
    Path dump;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The scenario file to write (in the dump's directory or a parent of it).")
    Path out;

    @Option(names = "--cni", paramLabel = "DESIGN",
            description = "The CNI design instead of the guess (flannel-vxlan, flannel-host-gw, calico-ipip, ...).")
    String cni;

    @Option(names = "--name", paramLabel = "NAME", description = "The scenario's name (default: from --out).")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        Path outDir = out.toAbsolutePath().normalize().getParent();
        Path rel = outDir.relativize(dump.toAbsolutePath().normalize());
        if (rel.startsWith("..")) {
            throw new UserError("the dump " + dump + " is outside the directory of --out " + out + ", and a scenario"
                    + " includes files from its own directory tree; write --out into the dump's directory (or a parent"
                    + " of it)");
        }
        String include = rel.toString().replace('\\', '/');
        String scenarioName = name != null ? name : defaultName(out);
        String problem = nameProblem(scenarioName);
        if (problem != null) {
            throw new UserError("scenario name '" + scenarioName + "' " + problem + "; give --name NAME (a DNS-1123"
                    + " label such as my-cluster)");
        }
        ClusterImport.Result result;
        Diagnostics diags = new Diagnostics();
        try {
            result = ClusterImport.of(dump, dump.toString().replace('\\', '/'), include, scenarioName, cni, diags);
        } catch (ScenarioException e) {
            ValidateCommand.print(e.diagnostics(), err);
            err.println(e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s") + "; nothing written");
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            throw new UserError("--cni: " + e.getMessage());
        }
        ValidateCommand.print(diags.warnings(), err);
        // The scenario must load as it will from the file: check it first, write it only then.
        try {
            // what podnet validate checks: the file, then the cluster build (pod addresses, ranges, pools)
            io.podnet.scenarios.run.ScenarioRunner.check(ScenarioLoader.parse(result.yaml(),
                    out.toString().replace('\\', '/'), outDir, new Diagnostics()));
        } catch (ScenarioException e) {
            ValidateCommand.print(e.diagnostics(), err);
            err.println("the written scenario would not load (" + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + " above); nothing written. Give --cni, or edit the dump");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        try {
            AtomicFiles.write(out, s -> s.write(result.yaml().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage());
        }
        o.println("wrote " + out + " (CNI " + result.cni() + "); guessed, and said so in its comments:");
        result.guessed().forEach(g -> o.println("  " + g));
        o.println("next: podnet run " + out);
        o.flush();
        return ExitCodes.OK;
    }

    static String defaultName(Path out) {
        String f = out.getFileName().toString();
        int dot = f.lastIndexOf('.');
        String base = (dot > 0 ? f.substring(0, dot) : f).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        return base.isEmpty() ? "imported-cluster" : base.length() > 63 ? base.substring(0, 63).replaceAll("-+$", "") : base;
    }

    private static String nameProblem(String n) {
        return n.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") ? null : "is not a DNS-1123 label";
    }
}
