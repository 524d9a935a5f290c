package io.podnet.reports.compare;

/**
 * The outcome of comparing one design: measured, not simulated yet, or failed to build or run.
 *
 * @param message why it is not supported or failed (empty when OK)
 * @param metrics the measurements, null unless OK
 */
public record DesignResult(String design, Status status, String message, DesignMetrics metrics) {
    public enum Status {
        OK, NOT_SUPPORTED, FAILED;

        /** The form used in JSON and text: {@code ok}, {@code not-supported}, {@code failed}. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public DesignResult {
        message = message == null ? "" : message;
        if ((status == Status.OK) != (metrics != null)) {
            throw new IllegalArgumentException("metrics are given exactly when the status is OK, was " + status);
        }
    }
}
