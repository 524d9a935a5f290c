package io.podnet.cli.spi;

/**
 * Lets modules above {@code scenarios} (dataplane, viewer, reports) add subcommands to the
 * {@code podnet} CLI without the CLI depending on them: each lists its provider in
 * {@code META-INF/services/io.podnet.cli.spi.CommandProvider}, and the CLI adds
 * {@link #command()} (a picocli {@code @Command} object) under {@link #name()}.
 */
public interface CommandProvider {
    /** The subcommand name, e.g. {@code verify} or {@code view}. */
    String name();

    /** A new picocli command object (annotated with {@code @Command}). */
    Object command();
}
