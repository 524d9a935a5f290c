package io.podnet.topology.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.podnet.topology.TopologyException;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selector semantics ({@code metav1.LabelSelector}, upstream's
 * {@code LabelSelectorAsSelector}): every {@code matchLabels} pair and every {@code matchExpressions}
 * requirement must hold; an empty selector matches everything. Operators: {@code In} (the label
 * is present with one of the values), {@code NotIn} (absent, or present with none of them),
 * {@code Exists}, {@code DoesNotExist}.
 *
 * <p>Two callers read selectors at two stages, which is what {@link Mode} says: the policy compiler
 * matches selectors it has validated ({@code validate}), so an operator it does not know is a bug;
 * the scenario loader's manifest checks match a Deployment's selector before anything validated
 * it, and must answer rather than fail.
 */
public final class LabelSelectors {
    /** What a selector may hold that the API server would have refused. */
    public enum Mode {
        /**
         * The selector passed {@code validate}: an unknown or missing operator throws
         * {@link IllegalStateException}; a {@code matchLabels} pair without a value throws
         * {@link NullPointerException}.
         */
        VALIDATED,
        /**
         * The selector is as the manifest wrote it: a requirement with an unknown or missing
         * operator matches nothing (upstream refuses the selector, so nothing is selected), and a
         * {@code matchLabels} pair without a value (YAML {@code key:}) is read as the text
         * {@code "null"}, as the load-time checks always have.
         */
        UNVALIDATED
    }

    private LabelSelectors() {}

    /** Whether {@code labels} satisfy a validated selector (a null selector matches everything). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return matches(selector, labels, Mode.VALIDATED);
    }

    /** Whether {@code labels} satisfy the selector (a null selector matches everything). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels, Mode mode) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                String want = mode == Mode.UNVALIDATED ? String.valueOf(e.getValue()) : e.getValue();
                if (!want.equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!holds(r, labels.get(r.getKey()), mode)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement r, String v, Mode mode) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator();
        if (op == null) {
            if (mode == Mode.UNVALIDATED) {
                return false;
            }
            throw new IllegalStateException("unchecked selector: requirement on " + r.getKey() + " has no operator");
        }
        return switch (op) {
            case "In" -> v != null && values.contains(v);
            case "NotIn" -> v == null || !values.contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            default -> {
                if (mode == Mode.UNVALIDATED) {
                    yield false;
                }
                throw new IllegalStateException("unchecked operator " + op);
            }
        };
    }

    /** Checks a selector's operators and values as the API server would. */
    static void validate(LabelSelector selector, String subject, String field) {
        if (selector == null || selector.getMatchExpressions() == null) {
            return;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            String op = r.getOperator();
            boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
            if (r.getKey() == null || r.getKey().isEmpty()) {
                throw new TopologyException(subject, field + ".matchExpressions has a requirement without a key");
            }
            if ("In".equals(op) || "NotIn".equals(op)) {
                if (!hasValues) {
                    throw new TopologyException(subject, field + ".matchExpressions " + r.getKey() + " " + op
                            + " needs at least one value");
                }
            } else if ("Exists".equals(op) || "DoesNotExist".equals(op)) {
                if (hasValues) {
                    throw new TopologyException(subject, field + ".matchExpressions " + r.getKey() + " " + op
                            + " takes no values");
                }
            } else {
                throw new TopologyException(subject, field + ".matchExpressions " + r.getKey() + " has operator '" + op
                        + "'; expected In, NotIn, Exists or DoesNotExist");
            }
        }
    }

    /** A short text of the selector for comments and messages, e.g. {@code app=frontend}. */
    static String describe(LabelSelector selector) {
        if (selector == null) {
            return "all";
        }
        StringBuilder sb = new StringBuilder();
        if (selector.getMatchLabels() != null) {
            new java.util.TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(k).append('=').append(v);
            });
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(r.getKey()).append(' ').append(r.getOperator());
                if (r.getValues() != null && !r.getValues().isEmpty()) {
                    sb.append(" (").append(String.join(" ", r.getValues())).append(')');
                }
            }
        }
        return sb.length() == 0 ? "all" : sb.toString();
    }
}
