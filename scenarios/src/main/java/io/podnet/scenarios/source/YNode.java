package io.podnet.scenarios.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML/JSON value that remembers where it was written. Maps keep the order and the
 * location of every key; scalars keep their text as written and what YAML resolved them to.
 */
public sealed interface YNode {
    SourceLocation location();

    /** A short name of the node's shape for messages: "a mapping", "a list", "a string"... */
    String describe();

    /** A mapping; keys are unique (a duplicate key is reported when the tree is built). */
    record YMap(SourceLocation location, Map<String, Entry> entries) implements YNode {
        public YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping, with the key's own location (for "unknown field" messages). */
    record Entry(String key, SourceLocation keyLocation, YNode value) {}

    /** A sequence. */
    record YList(SourceLocation location, List<YNode> items) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A value as messages quote it: on one line, and at most 60 characters, so that a message
     * never echoes a whole file (an included {@code /etc/passwd}, a 10,000-character label).
     */
    public static String quoted(String text) {
        String one = text.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() <= 60 ? one : one.substring(0, 57) + "... (" + text.length() + " characters)";
    }

    /** A scalar: its text as written and the type YAML/JSON resolved it to. */
    record YScalar(SourceLocation location, String text, Kind kind) implements YNode {
        public enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        @Override
        public String describe() {
            switch (kind) {
                case INTEGER:
                    return "the number " + text;
                case FLOAT:
                    return "the number " + text;
                case BOOLEAN:
                    return "the boolean " + text;
                case NULL:
                    return "null";
                default:
                    return "the string '" + quoted(text) + "'";
            }
        }
    }
}
