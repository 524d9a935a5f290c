package io.podnet.sim.trace.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace file that cannot be read: not a podnet trace file, another format version, truncated
 * (the writer did not finish) or corrupt. The message names the file and what is wrong, for a
 * person to read; no stack trace is needed to understand it.
 */
public final class TraceFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public TraceFileException(Path file, String what) {
        super(file + ": " + what);
    }
}
