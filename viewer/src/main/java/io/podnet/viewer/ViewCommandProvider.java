package io.podnet.viewer;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet view} to the CLI (listed in META-INF/services). */
public final class ViewCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "view";
    }

    @Override
    public Object command() {
        return new ViewCommand(Loaders.scenarioRunner());
    }
}
