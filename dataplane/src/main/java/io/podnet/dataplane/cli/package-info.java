/** The {@code podnet verify} subcommand, plugged into the CLI through {@code io.podnet.cli.spi.CommandProvider}. */
package io.podnet.dataplane.cli;
