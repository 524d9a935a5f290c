package io.podnet.reports.junit;

import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What JUnit XML says about the run itself rather than the scenario: when it started, on which host,
 * and how long it took in wall-clock time. CI servers show these; the simulation never reads them.
 *
 * @param startedAt when the run started (written in UTC, to the second, without a zone, as the Ant
 *                  schema's {@code timestamp} pattern requires)
 * @param hostname  the host the run executed on ({@code localhost} when it cannot be determined)
 * @param wallNanos wall-clock nanoseconds the load, run and checks took
 */
public record JunitRun(Instant startedAt, String hostname, long wallNanos) {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    public JunitRun {
        Objects.requireNonNull(startedAt, "startedAt");
        if (hostname == null || hostname.isBlank()) {
            hostname = "localhost";
        }
        if (wallNanos < 0) {
            throw new IllegalArgumentException("wallNanos must be >= 0, got " + wallNanos);
        }
    }

    /** A run that started at {@code startedAt} on this machine and ends now. */
    public static JunitRun since(Instant startedAt, long startNanoTime) {
        return new JunitRun(startedAt, localHostname(), Math.max(0, System.nanoTime() - startNanoTime));
    }

    /** {@code 2026-12-07T11:14:49}: UTC, seconds, no zone designator. */
    public String timestamp() {
        return TIMESTAMP.format(LocalDateTime.ofInstant(startedAt.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    /** This machine's host name, or {@code localhost}. */
    static String localHostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            return "localhost";
        }
    }
}
