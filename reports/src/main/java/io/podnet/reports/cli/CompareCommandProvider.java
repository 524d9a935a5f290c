package io.podnet.reports.cli;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet compare} to the CLI (listed in META-INF/services). */
public final class CompareCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public Object command() {
        return new CompareCommand();
    }
}
