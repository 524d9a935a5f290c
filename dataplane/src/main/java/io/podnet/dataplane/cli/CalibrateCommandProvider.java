package io.podnet.dataplane.cli;

import io.podnet.cli.spi.CommandProvider;

/** Adds {@code podnet calibrate} to the CLI (listed in META-INF/services). */
public final class CalibrateCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "calibrate";
    }

    @Override
    public Object command() {
        return new CalibrateCommand();
    }
}
