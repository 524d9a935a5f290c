package io.podnet.topology.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.podnet.topology.TopologyException;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selector semantics ({@code metav1.LabelSelector}): every {@code matchLabels}
 * pair and every {@code matchExpressions} requirement must hold; an empty selector matches
 * everything. Operators: {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}.
 */
final class LabelSelectors {
    private LabelSelectors() {}

    /** Whether {@code labels} satisfy the selector (a null selector matches everything). */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String v = labels.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok;
                switch (r.getOperator()) {
                    case "In":
                        ok = v != null && values.contains(v);
                        break;
                    case "NotIn":
                        ok = v == null || !values.contains(v);
                        break;
                    case "Exists":
                        ok = v != null;
                        break;
                    case "DoesNotExist":
                        ok = v == null;
                        break;
                    default:
                        throw new IllegalStateException("unchecked operator " + r.getOperator());
                }
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
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
