/**
 * The reports module's {@code podnet} subcommands, added to the CLI through
 * {@link io.podnet.cli.spi.CommandProvider} (listed in {@code META-INF/services}): {@code podnet
 * compare} and {@code podnet report}. Exit statuses follow {@link io.podnet.cli.ExitCodes}; bad input
 * is one clear line (or file:line:column diagnostics), never a stack trace.
 */
package io.podnet.reports.cli;
