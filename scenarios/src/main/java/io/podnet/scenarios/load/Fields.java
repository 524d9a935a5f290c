package io.podnet.scenarios.load;

import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed access to one mapping of a scenario. Opening it reports every key that is not among the
 * accepted ones (with a did-you-mean); each getter reports a value of the wrong shape at its own
 * position and returns null, so a reader keeps going and all problems are collected.
 */
final class Fields {
    private final YNode.YMap map;
    private final String what;
    private final Diagnostics diags;

    private Fields(YNode.YMap map, String what, Diagnostics diags) {
        this.map = map;
        this.what = what;
        this.diags = diags;
    }

    /**
     * Opens {@code node} as the mapping {@code what}, or returns null (after reporting) when it is
     * not a mapping. {@code accepted} lists the known keys, in the order messages list them.
     */
    static Fields open(YNode node, String what, Diagnostics diags, List<String> accepted) {
        if (!(node instanceof YNode.YMap m)) {
            diags.error(node.location(), what + " must be a mapping, not " + node.describe() + "; expected keys: "
                    + String.join(", ", accepted));
            return null;
        }
        for (YNode.Entry e : m.entries().values()) {
            if (!accepted.contains(e.key())) {
                diags.error(e.keyLocation(), "unknown field '" + e.key() + "' in " + what
                        + Suggest.didYouMean(e.key(), accepted) + "; accepted fields: " + String.join(", ", accepted));
            }
        }
        return new Fields(m, what, diags);
    }

    YNode.YMap map() {
        return map;
    }

    SourceLocation location() {
        return map.location();
    }

    boolean has(String key) {
        return map.has(key) && !isNull(map.get(key));
    }

    YNode node(String key) {
        YNode n = map.get(key);
        return n == null || isNull(n) ? null : n;
    }

    /** The location of the value of {@code key}, or of the mapping when the key is absent. */
    SourceLocation at(String key) {
        YNode n = map.get(key);
        return n == null ? map.location() : n.location();
    }

    SourceLocation keyAt(String key) {
        YNode.Entry e = map.entries().get(key);
        return e == null ? map.location() : e.keyLocation();
    }

    void required(String key) {
        if (!has(key)) {
            diags.error(map.location(), what + " is missing the required field '" + key + "'");
        }
    }

    /** A scalar as text (numbers and booleans too), or null when absent or not a scalar. */
    String text(String key) {
        YNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof YNode.YScalar s) {
            return s.text();
        }
        diags.error(n.location(), "'" + key + "' in " + what + " must be a single value, not " + n.describe());
        return null;
    }

    /** A string scalar (quoted numbers are fine, bare numbers are accepted as their text). */
    String string(String key) {
        return text(key);
    }

    /** One of {@code choices} (case-sensitive), or null after reporting. */
    String choice(String key, List<String> choices) {
        String v = text(key);
        if (v == null) {
            return null;
        }
        if (!choices.contains(v)) {
            diags.error(at(key), "'" + v + "' is not a valid " + key + Suggest.didYouMean(v, choices) + "; expected one of: "
                    + String.join(", ", choices));
            return null;
        }
        return v;
    }

    Long integer(String key, long min, long max) {
        YNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YNode.YScalar s) || s.kind() != YNode.YScalar.Kind.INTEGER) {
            diags.error(n.location(), "'" + key + "' in " + what + " must be a whole number between " + min + " and "
                    + max + ", not " + n.describe());
            return null;
        }
        long v;
        try {
            v = Long.parseLong(s.text());
        } catch (NumberFormatException e) {
            diags.error(n.location(), "'" + key + "' is " + YNode.quoted(s.text()) + ", out of range; expected a whole"
                    + " number between " + min + " and " + max);
            return null;
        }
        if (v < min || v > max) {
            diags.error(n.location(), "'" + key + "' is " + s.text() + "; expected a whole number between " + min
                    + " and " + max);
            return null;
        }
        return v;
    }

    Boolean bool(String key) {
        YNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof YNode.YScalar s && s.kind() == YNode.YScalar.Kind.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        diags.error(n.location(), "'" + key + "' in " + what + " must be true or false, not " + n.describe());
        return null;
    }

    /** A value parsed by {@code parser}; its IllegalArgumentException message is reported at the value. */
    <T> T parsed(String key, Function<String, T> parser) {
        String v = text(key);
        if (v == null) {
            return null;
        }
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            diags.error(at(key), "'" + key + "': " + e.getMessage());
            return null;
        }
    }

    /** The items of a list (an absent key is an empty list). */
    List<YNode> list(String key) {
        YNode n = node(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof YNode.YList l) {
            return l.items();
        }
        diags.error(n.location(), "'" + key + "' in " + what + " must be a list, not " + n.describe());
        return List.of();
    }

    /** A list of strings. */
    List<YNode.YScalar> scalars(String key) {
        List<YNode.YScalar> out = new ArrayList<>();
        for (YNode i : list(key)) {
            if (i instanceof YNode.YScalar s && s.kind() != YNode.YScalar.Kind.NULL) {
                out.add(s);
            } else {
                diags.error(i.location(), "items of '" + key + "' must be single values, not " + i.describe());
            }
        }
        return out;
    }

    /** A string-to-string mapping (labels). */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        YNode n = node(key);
        if (n == null) {
            return out;
        }
        if (!(n instanceof YNode.YMap m)) {
            diags.error(n.location(), "'" + key + "' in " + what + " must be a mapping of names to values, not "
                    + n.describe());
            return out;
        }
        m.entries().forEach((k, e) -> {
            if (e.value() instanceof YNode.YScalar s) {
                out.put(k, s.text());
            } else {
                diags.error(e.value().location(), "the value of '" + k + "' must be a single value");
            }
        });
        return out;
    }

    static boolean isNull(YNode n) {
        return n instanceof YNode.YScalar s && s.kind() == YNode.YScalar.Kind.NULL;
    }
}
