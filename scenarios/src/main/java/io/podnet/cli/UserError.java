package io.podnet.cli;

/** A problem with what the user asked for (exit status 2), printed as one line without a stack trace. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }
}
