package io.podnet.topology.spec;

import java.util.Locale;

/**
 * Who enforces {@code networking.k8s.io/v1 NetworkPolicy} on the nodes
 * ({@code cluster.networkPolicy.enforcement} in a scenario).
 *
 * @param enforcement {@link Enforcement#AUTO} (the CNI decides: Calico enforces, Flannel does not),
 *                    {@link Enforcement#CALICO} (Felix-style iptables rules on every node, also on
 *                    Flannel: the Canal combination) or {@link Enforcement#NONE} (policies are carried
 *                    but nothing enforces them, as on plain Flannel)
 */
public record PolicySpec(Enforcement enforcement) {
    public static final PolicySpec AUTO = new PolicySpec(Enforcement.AUTO);

    public PolicySpec {
        enforcement = enforcement == null ? Enforcement.AUTO : enforcement;
    }

    /** The policy agent. */
    public enum Enforcement {
        AUTO("auto"), CALICO("calico"), NONE("none");

        private final String text;

        Enforcement(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Parses {@code auto}, {@code calico} or {@code none}. */
        public static Enforcement parse(String text) {
            for (Enforcement e : values()) {
                if (e.text.equals(text == null ? "" : text.toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown networkPolicy enforcement '" + text
                    + "' (expected auto, calico or none)");
        }
    }
}
