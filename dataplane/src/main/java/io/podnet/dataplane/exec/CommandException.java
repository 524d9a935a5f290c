package io.podnet.dataplane.exec;

/** An external command failed where the verification cannot go on (a rule load, a link that would not come up). */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public CommandException(String what, CommandResult result) {
        super(what + ": " + result.describe());
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
