package io.podnet.dataplane.cli;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet verify} to the CLI (listed in META-INF/services). */
public final class VerifyCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public Object command() {
        return new VerifyCommand();
    }
}
