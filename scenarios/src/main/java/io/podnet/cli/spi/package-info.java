/**
 * The service-provider interface through which modules above {@code scenarios} (dataplane, viewer,
 * reports) add subcommands to {@code podnet} without the CLI depending on them.
 */
package io.podnet.cli.spi;
