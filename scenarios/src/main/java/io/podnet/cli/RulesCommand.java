package io.podnet.cli;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podnet rules FILE --node NAME [--table T] [--kube-proxy MODE] [--cni NAME]}: what a node holds. */
@Command(name = "rules", mixinStandardHelpOptions = true, subcommands = RulesWalkCommand.class,
        description = "Print the rules a node holds: iptables-save text (iptables mode), and kube-proxy's"
                + " table as nft list ruleset prints it (nftables mode), or kube-ipvs0's addresses, an ipvsadm -Ln"
                + " listing and ipset save before the iptables text (ipvs mode).")
final class RulesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--node", paramLabel = "NAME", description = "The node whose rules to print (required with FILE).")
    String node;

    @Option(names = "--table", paramLabel = "T", description = "Only this table: an iptables table (nat, filter,"
            + " mangle, raw), the nftables table kube-proxy (nftables mode), ipvs or ipset (ipvs mode).")
    String table;

    @Option(names = "--kube-proxy", paramLabel = "MODE", description = "Render under this kube-proxy mode instead of"
            + " the file's cluster.kubeProxy.mode: iptables, nftables or ipvs.")
    String kubeProxy;

    @Option(names = "--cni", paramLabel = "NAME", description = "Render under this CNI design instead of the file's.")
    String cni;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (file == null) {
            throw new UserError("give a scenario FILE (podnet rules FILE --node NAME), or walk a real node's rules:"
                    + " podnet rules walk --iptables-save FILE --packet 'tcp SRC:PORT > DST:PORT'");
        }
        if (node == null) {
            throw new UserError("Missing required option: '--node=NAME' (the node whose rules to print)");
        }
        PrintWriter err = cl.getErr();
        CliValues.design("--cni", cni);
        CliValues.kubeProxy("--kube-proxy", kubeProxy);
        if (table != null) {
            CliValues.oneOf("--table", "table", table, java.util.List.of("nat", "filter", "mangle", "raw", "kube-proxy", "ipvs", "ipset"));
        }
        LoadedScenario loaded = ValidateCommand.load(file, err);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        Scenario s;
        String text;
        try {
            s = Podnet.scenario(loaded, null, cni, kubeProxy);
            text = Podnet.nodeRules(s, node, table);
        } catch (ScenarioException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.render());
            }
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (text == null) {
            java.util.List<String> names = new java.util.ArrayList<>();
            s.cluster().nodes().forEach(n -> names.add(n.name()));
            CliValues.oneOf("--node", "node", node, names);
        }
        cl.getOut().print(text);
        cl.getOut().flush();
        return ExitCodes.OK;
    }
}
