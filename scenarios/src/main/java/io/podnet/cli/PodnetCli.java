package io.podnet.cli;

import io.podnet.cli.spi.CommandProvider;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code podnet} command: {@code run}, {@code demo}, {@code validate}, plus the subcommands
 * that modules above {@code scenarios} contribute through {@link CommandProvider}. Exit statuses
 * are in {@link ExitCodes}. No stack trace ever reaches the user: an unexpected exception becomes
 * one line saying it is a bug.
 */
@Command(name = "podnet", mixinStandardHelpOptions = true, versionProvider = PodnetCli.Version.class,
        description = "Simulates Kubernetes cluster networking packet by packet.",
        subcommands = {RunCommand.class, DemoCommand.class, ValidateCommand.class, RulesCommand.class, ImportCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every expectation holds", "1:an expectation failed",
                "2:bad input or usage (the message gives file:line:column)", "3:internal error (a bug)"})
public final class PodnetCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int status;
        try {
            status = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (Throwable e) { // last line of defence: one line, never a stack trace
            System.err.println(bugLine(e));
            status = ExitCodes.INTERNAL_ERROR;
        }
        System.exit(status);
    }

    /** Runs the CLI with the given streams and returns the exit status (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            CommandLine cl = commandLine(out, err);
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            // StackOverflowError, OutOfMemoryError included: what a file asks for is capped at
            // load, so reaching here is a bug; it is still one line and exit 3.
            err.println(bugLine(e));
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    /** The configured command line: built-in and discovered subcommands, streams, error handlers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PodnetCli());
        List<CommandProvider> providers = new ArrayList<>();
        ServiceLoader.load(CommandProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparing(CommandProvider::name));
        for (CommandProvider p : providers) {
            if (!cl.getSubcommands().containsKey(p.name())) {
                cl.addSubcommand(p.name(), p.command());
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> e instanceof UserError ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL_ERROR);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                    && c.getParent() == null && !u.getUnmatched().isEmpty()) {
                c.getErr().println("podnet: '" + u.getUnmatched().get(0) + "' is not a podnet command"
                        + " ('podnet help' lists them)");
            } else {
                c.getErr().println("podnet: " + ex.getMessage());
            }
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                CommandLine.UnmatchedArgumentException.printSuggestions(u, c.getErr());
            }
            c.getErr().println("usage: " + c.getCommandSpec().qualifiedName() + " --help");
            c.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserError) {
                c.getErr().println("podnet: " + ex.getMessage());
                c.getErr().flush();
                return ExitCodes.BAD_INPUT;
            }
            c.getErr().println(bugLine(ex));
            c.getErr().flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }

    static String bugLine(Throwable e) {
        if (e instanceof OutOfMemoryError || e instanceof StackOverflowError) {
            return "podnet: internal error: " + e.getClass().getSimpleName() + " (the JVM ran out of "
                    + (e instanceof OutOfMemoryError ? "memory" : "stack") + "); this is a bug, please report it with"
                    + " the scenario file";
        }
        StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        String msg = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ");
        return "podnet: internal error: " + e.getClass().getName() + msg
                + (top == null ? "" : " (at " + top.getClassName() + "." + top.getMethodName() + ":"
                + top.getLineNumber() + ")") + "; this is a bug, please report it with the scenario file";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PodnetCli.class.getPackage().getImplementationVersion();
            return new String[] {"podnet " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
