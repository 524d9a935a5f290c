package io.podnet.topology.build;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.topology.TopologyException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Small helpers for object names and label maps. */
final class Names {
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Names() {}

    static String namespaceOf(HasMetadata o) {
        String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    static String kindOf(HasMetadata o) {
        return o.getKind() == null ? o.getClass().getSimpleName() : o.getKind();
    }

    /** The object's name, checked as a DNS-1123 subdomain (or label when {@code label}). */
    static String nameOf(HasMetadata o, boolean label) {
        String kind = kindOf(o).toLowerCase(java.util.Locale.ROOT);
        String name = o.getMetadata() == null ? null : o.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            throw new TopologyException(kind, "a " + kindOf(o) + " has no metadata.name");
        }
        Pattern p = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
        if (name.length() > (label ? 63 : 253) || !p.matcher(name).matches()) {
            throw new TopologyException(kind + "/" + namespaceOf(o) + "/" + name, kindOf(o) + " name '" + name
                    + "' is not a valid Kubernetes name (lower-case letters, digits and '-', starting and ending"
                    + " with a letter or digit" + (label ? ", at most 63 characters)" : ", '.' between parts)"));
        }
        return name;
    }

    static Map<String, String> sorted(Map<String, String> m) {
        return m == null ? Map.of() : new TreeMap<>(m);
    }

    /** Whether every selector entry is among the labels (an empty selector matches nothing here). */
    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static String text(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
