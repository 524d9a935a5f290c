package io.podnet.sweep;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet sweep} to the CLI (listed in META-INF/services). */
public final class SweepCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public Object command() {
        return new SweepCommand();
    }
}
