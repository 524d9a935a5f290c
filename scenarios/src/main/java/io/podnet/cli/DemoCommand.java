package io.podnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podnet demo}: runs the seed example, {@code scenarios/examples/frontend-to-backend.yaml}
 * of the installation (found through the {@code podnet.home} system property that the launcher
 * sets, else the current directory).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the example scenario scenarios/examples/frontend-to-backend.yaml: a frontend pod calls a"
                + " Service whose backend runs on another node, over Flannel VXLAN.",
                "Same output and exit status as 'podnet run'."})
final class DemoCommand implements Callable<Integer> {
    static final String EXAMPLE = "scenarios/examples/frontend-to-backend.yaml";

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default: the example's).")
    Long seed;

    @Option(names = "--trace", paramLabel = "FORMAT", defaultValue = "text",
            description = "Trace format: text or json (default: ${DEFAULT-VALUE}).")
    RunCommand.TraceFormat trace;

    @Option(names = {"-v", "--verbose"}, description = "Print every attempt with its path and latency.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return RunCommand.execute(spec.commandLine(), example(), seed, trace, null, null, verbose);
    }

    static Path example() {
        String home = System.getProperty("podnet.home");
        Path p = home == null || home.isEmpty() ? Path.of(EXAMPLE) : Path.of(home).resolve(EXAMPLE);
        if (!Files.isRegularFile(p)) {
            throw new UserError("cannot find the demo scenario " + p + "; run podnet through scripts/podnet (which"
                    + " sets -Dpodnet.home) or from the repository root");
        }
        return p;
    }
}
