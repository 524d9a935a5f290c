/**
 * The {@code podnet} command line (picocli): {@code run}, {@code demo}, {@code validate}, and the
 * subcommands other modules add through {@link io.podnet.cli.spi.CommandProvider}. Exit statuses:
 * 0 every expectation holds, 1 one failed, 2 bad input or usage, 3 internal error. The CLI prints;
 * nothing below it does.
 */
package io.podnet.cli;
