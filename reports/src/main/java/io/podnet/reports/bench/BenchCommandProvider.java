package io.podnet.reports.bench;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet bench} to the CLI (listed in META-INF/services). */
public final class BenchCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public Object command() {
        return new BenchCommand();
    }
}
