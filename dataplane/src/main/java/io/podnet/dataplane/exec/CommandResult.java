package io.podnet.dataplane.exec;

import java.util.List;

/**
 * What an external command did.
 *
 * @param argv     the argument list that was run
 * @param exitCode the exit status, or -1 when it timed out and was killed
 * @param stdout   standard output (UTF-8)
 * @param stderr   standard error (UTF-8)
 * @param timedOut true when the timeout expired and the process was destroyed
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut) {
    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** One line saying what failed, for messages. */
    public String describe() {
        String cmd = String.join(" ", argv);
        if (timedOut) {
            return "'" + cmd + "' timed out";
        }
        String err = stderr.strip();
        if (err.isEmpty()) {
            err = stdout.strip();
        }
        if (err.length() > 2000) {
            err = err.substring(0, 2000) + "...";
        }
        return "'" + cmd + "' exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
    }
}
