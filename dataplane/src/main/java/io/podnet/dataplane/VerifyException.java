package io.podnet.dataplane;

/** Verification could not run: bad input (exit 2) or an unusable environment (exit 3). */
public final class VerifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final int BAD_INPUT = 2;
    public static final int ENVIRONMENT = 3;

    private final int exitCode;

    public VerifyException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
