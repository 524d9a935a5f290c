package io.podnet.reports.cli;

import io.podnet.cli.PodnetCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the podnet CLI (with the reports subcommands found through ServiceLoader) in-process. */
final class Cli {
    record Result(int exit, String out, String err) {}

    static final String EXAMPLE = "../scenarios/examples/frontend-to-backend.yaml";

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PodnetCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }
}
