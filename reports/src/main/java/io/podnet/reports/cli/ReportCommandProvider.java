package io.podnet.reports.cli;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet report} to the CLI (listed in META-INF/services). */
public final class ReportCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public Object command() {
        return new ReportCommand();
    }
}
