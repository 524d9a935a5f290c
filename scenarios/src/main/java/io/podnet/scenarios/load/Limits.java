package io.podnet.scenarios.load;

/**
 * What one scenario file may ask for, so that nothing a file says can exhaust the JVM or run for
 * ever: its size, nodes, pods (Pods plus Deployment replicas), traffic attempts, payload sizes, the
 * simulated time it spans, included files. Each limit is far above what the examples need and can
 * be raised with a system property ({@code JAVA_OPTS=-Dpodnet.limit.NAME=N scripts/podnet ...});
 * a file over a limit is an error at the field, naming the limit and the property.
 */
public record Limits(long fileBytes, long nodes, long pods, long attempts, long payloadBytes,
                     long simulatedNanos, long includeFiles, boolean includeOutside) {
    /** Defaults, each overridable by its system property. */
    public static Limits fromSystemProperties() {
        return new Limits(
                Long.getLong("podnet.limit.fileBytes", 16L << 20),
                Long.getLong("podnet.limit.nodes", 5_000),
                Long.getLong("podnet.limit.pods", 20_000),
                Long.getLong("podnet.limit.attempts", 200_000),
                Long.getLong("podnet.limit.payloadBytes", 64L << 20),
                Long.getLong("podnet.limit.simulatedSeconds", 3_600) * 1_000_000_000L,
                Long.getLong("podnet.limit.includeFiles", 1_000),
                Boolean.getBoolean("podnet.allowIncludeOutside"));
    }

    /** The same limits, with includes allowed outside the scenario's directory tree or not. */
    public Limits withIncludeOutside(boolean allow) {
        return new Limits(fileBytes, nodes, pods, attempts, payloadBytes, simulatedNanos, includeFiles, allow);
    }

    /** The end of a message about limit {@code name}: its value and how to raise it. */
    static String raise(String name, long value) {
        return raise(name, value, "");
    }

    static String raise(String name, long value, String unit) {
        return "the limit is " + value + (unit.isEmpty() ? "" : " " + unit) + " (raise it with -Dpodnet.limit." + name
                + "=N in JAVA_OPTS)";
    }
}
