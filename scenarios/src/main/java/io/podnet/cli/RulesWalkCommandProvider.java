package io.podnet.cli;

import io.podnet.cli.spi.CommandProvider;

/**
 * Adds {@code podnet rules-walk} to the CLI (listed in META-INF/services). Once a {@code podnet rules}
 * command exists, {@link RulesWalkCommand} becomes its {@code walk} subcommand and this provider goes.
 */
public final class RulesWalkCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "rules-walk";
    }

    @Override
    public Object command() {
        return new RulesWalkCommand();
    }
}
