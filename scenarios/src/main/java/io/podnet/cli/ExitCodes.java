package io.podnet.cli;

/** The CLI's exit statuses. */
public final class ExitCodes {
    /** Every expectation holds (or there were none). */
    public static final int OK = 0;
    /** The run completed and at least one expectation failed. */
    public static final int EXPECTATION_FAILED = 1;
    /** Bad input or usage: an invalid scenario, an unknown option, an unwritable output. */
    public static final int BAD_INPUT = 2;
    /** An internal error (a bug in podnet). */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {}
}
