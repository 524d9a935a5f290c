package io.podnet.cli;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.reachability.PolicyExplanation;
import io.podnet.scenarios.reachability.Reachability;
import io.podnet.scenarios.reachability.TruthTable;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code podnet reachability FILE}: the pod × pod matrix of a scenario's cluster, found by sending one
 * attempt from every pod to every pod ({@link Reachability}), printed as Kubernetes' NetworkPolicy e2e
 * prints its truth tables.
 */
@Command(name = "reachability", mixinStandardHelpOptions = true,
        description = {"Send one attempt from every pod to every pod of a scenario's cluster (its own traffic,"
                + " expectations and events set aside) and print the matrix as Kubernetes' NetworkPolicy e2e prints"
                + " its truth tables: a header row '-' and the ns/pod names, then one row per source, '.' allowed,"
                + " 'X' blocked, separated by tabs."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the matrix was printed (and equals the --expect file)",
                "1:the matrix differs from the --expect file (each cell is named)",
                "2:bad input or usage (file:line:column where it applies)",
                "3:could not do the job (e.g. --protocol sctp before SCTP traffic is simulated; a bug)"})
final class ReachabilityCommand implements Callable<Integer> {
    /** An --expect file larger than this is refused (a 3x3 matrix is about 200 bytes). */
    static final long MAX_EXPECT_BYTES = 1 << 20;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--port", paramLabel = "P", defaultValue = "80",
            description = "Destination port of every attempt (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--protocol", paramLabel = "PROTO", defaultValue = "tcp",
            description = "tcp, udp or sctp (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--explain", arity = "2", paramLabel = "POD",
            description = "FROM TO (ns/pod each): print what decided that cell: the policy, rule, peer and port.")
    List<String> explain;

    @Option(names = "--expect", paramLabel = "FILE",
            description = "Compare with a matrix in the printed layout ('?' cells are not compared); exit 1 naming"
                    + " each differing cell.")
    Path expect;

    @Option(names = "--cni", paramLabel = "NAME", description = "Run under this CNI design instead of the file's.")
    String cni;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (overrides the file's).")
    Long seed;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10000",
            description = "Refuse clusters with more than N pod pairs (pods squared; default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 65535) {
            throw new UserError("--port " + port + " is not a port; expected 1-65535");
        }
        if (maxAttempts < 1) {
            throw new UserError("--max-attempts " + maxAttempts + "; expected a positive number");
        }
        Protocol proto = protocol(protocol);
        if (proto == null) {
            err.println("podnet: --protocol " + protocol.toLowerCase(Locale.ROOT) + ": the simulator does not carry "
                    + protocol.toUpperCase(Locale.ROOT) + " traffic yet; use tcp or udp");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
        if (cni != null && !Podnet.designs().contains(cni)) {
            throw new UserError("--cni: unknown CNI design '" + cni + "'; expected one of: "
                    + String.join(", ", Podnet.designs()));
        }
        TruthTable expected = expect == null ? null : readExpect(expect, err);
        if (expect != null && expected == null) {
            return ExitCodes.BAD_INPUT;
        }
        LoadedScenario loaded = ValidateCommand.load(file, err);
        if (loaded == null) {
            return ExitCodes.BAD_INPUT;
        }
        Reachability.Result r;
        try {
            r = Reachability.compute(loaded, port, proto, seed, cni, maxAttempts);
        } catch (Reachability.TooManyAttempts e) {
            throw new UserError(file + ": " + e.getMessage());
        } catch (ScenarioException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.render());
            }
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        List<String> pods = r.matrix().items();
        if (explain != null) {
            for (String p : explain) {
                if (!pods.contains(p)) {
                    throw new UserError("--explain: no pod " + p + " in " + file + "; pods are: " + String.join(", ", pods));
                }
            }
        }
        out.println(r.matrix().prettyPrint(""));
        if (explain != null) {
            String from = explain.get(0);
            String to = explain.get(1);
            FlowResult f = r.flow(from, to);
            out.println();
            out.println(from + " -> " + to + " (" + proto.text() + "/" + port + "): "
                    + (Boolean.TRUE.equals(r.matrix().get(from, to)) ? "allowed" : "blocked"));
            for (String line : PolicyExplanation.explain(r.run(), f, from, to)) {
                out.println("  " + line);
            }
        }
        out.flush();
        if (expected == null) {
            return ExitCodes.OK;
        }
        if (!expected.items().equals(pods)) {
            err.println(expect + ": the matrix names " + String.join(" ", expected.items()) + "; the cluster's pods are "
                    + String.join(" ", pods) + " (same pods, same order)");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        int differ = 0;
        for (String from : pods) {
            for (String to : pods) {
                Boolean want = expected.get(from, to);
                Boolean got = r.matrix().get(from, to);
                if (want != null && !want.equals(got)) {
                    differ++;
                    err.println(expect + ": " + from + " -> " + to + ": expected " + (want ? "allowed (.)" : "blocked (X)")
                            + ", observed " + (Boolean.TRUE.equals(got) ? "allowed (.)" : "blocked (X)")
                            + detail(r.flow(from, to)));
                }
            }
        }
        if (differ > 0) {
            err.println(differ + (differ == 1 ? " cell differs from " : " cells differ from ") + expect);
            err.flush();
            return ExitCodes.EXPECTATION_FAILED;
        }
        err.println("the matrix equals " + expect);
        err.flush();
        return ExitCodes.OK;
    }

    private static String detail(FlowResult f) {
        return f == null || f.detail() == null || f.detail().isEmpty() ? "" : " (" + f.detail() + ")";
    }

    /** The traffic protocol for a --protocol word; null for sctp while the simulator has no SCTP traffic. */
    static Protocol protocol(String word) {
        String w = word.toUpperCase(Locale.ROOT);
        if (!w.equals("TCP") && !w.equals("UDP") && !w.equals("SCTP")) {
            throw new UserError("--protocol '" + word + "'; expected tcp, udp or sctp");
        }
        for (Protocol p : Protocol.values()) {
            if (p.name().equals(w)) {
                return p;
            }
        }
        return null;
    }

    private static TruthTable readExpect(Path path, PrintWriter err) {
        String text;
        try {
            if (!Files.isRegularFile(path)) {
                throw new UserError("--expect " + path + " is not a readable file");
            }
            if (Files.size(path) > MAX_EXPECT_BYTES) {
                throw new UserError("--expect " + path + " is larger than " + MAX_EXPECT_BYTES + " bytes; a matrix file"
                        + " holds one line per pod");
            }
            byte[] bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError("--expect " + path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UserError("cannot read --expect " + path + ": " + e.getMessage());
        }
        try {
            return TruthTable.parse(text);
        } catch (TruthTable.FormatException e) {
            err.println(path + ":" + e.line() + ":" + e.column() + ": " + e.getMessage());
            err.flush();
            return null;
        }
    }
}
