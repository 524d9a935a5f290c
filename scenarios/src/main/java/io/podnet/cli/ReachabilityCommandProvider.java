package io.podnet.cli;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet reachability} to the CLI (listed in META-INF/services). */
public final class ReachabilityCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "reachability";
    }

    @Override
    public Object command() {
        return new ReachabilityCommand();
    }
}
