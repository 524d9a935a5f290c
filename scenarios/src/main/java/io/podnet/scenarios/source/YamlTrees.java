package io.podnet.scenarios.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link YNode} trees from YAML or JSON text with Jackson's streaming parsers, keeping the
 * line and column of every key and value. A file may hold several documents ({@code ---}); each
 * becomes one root. Syntax errors and duplicate keys become {@link Diagnostic}s.
 */
public final class YamlTrees {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private YamlTrees() {}

    /** How deep mappings and lists may nest. */
    public static final int MAX_DEPTH = 200;
    /**
     * How many nodes one document may hold once its aliases are expanded (a "billion laughs"
     * document holds a few lines and expands to billions); system property
     * {@code podnet.limit.aliasExpansion}.
     */
    public static final long MAX_EXPANDED_NODES = Long.getLong("podnet.limit.aliasExpansion", 1_000_000L);

    /** Parses the bytes of a file: decodes them ({@link SourceText}) and parses every document. */
    public static List<YNode> parse(byte[] bytes, String fileName, Diagnostics diags) {
        String text = SourceText.decode(bytes, fileName, diags);
        return text == null ? List.of() : parse(text, fileName, diags);
    }

    /**
     * Parses every document of {@code text}. {@code fileName} is what messages show. JSON is read
     * with the JSON parser when the text starts with '{' or '[' so that its positions are exact.
     * YAML anchors and aliases ({@code &a}, {@code *a}) are resolved (an alias is the anchored
     * node itself, shared, so it costs nothing to hold; what it would expand to is capped by
     * {@link #MAX_EXPANDED_NODES}), and merge keys ({@code <<: *a}, {@code <<: [*a, *b]}) add the
     * merged mappings' keys that the mapping does not set itself.
     */
    public static List<YNode> parse(String text, String fileName, Diagnostics diags) {
        int bad = SourceText.firstForbidden(text);
        if (bad >= 0) {
            int cp = text.codePointAt(bad);
            diags.error(SourceText.locationAfter(text.subSequence(0, bad), fileName), "character "
                    + String.format("U+%04X", cp) + " is not allowed in a YAML or JSON file; remove it");
            return List.of();
        }
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        List<YNode> roots = new ArrayList<>();
        JsonParser p = null;
        try {
            p = json ? JSON.createParser(text) : YAML.createParser(text);
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Reader r = new Reader(p, fileName, diags);
                YNode root = r.read(t, 0);
                if (r.stopped) {
                    break;
                }
                roots.add(root);
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            SourceLocation at = l == null ? current(p, fileName) : loc(l, fileName);
            String what = cleanMessage(e.getOriginalMessage());
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                at = new SourceLocation(fileName, y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1);
                what = y.getProblem();
                if (y.getContext() != null && y.getContextMark() != null) {
                    what += " (" + y.getContext() + " that starts at line " + (y.getContextMark().getLine() + 1)
                            + ", column " + (y.getContextMark().getColumn() + 1) + ")";
                }
            } else if (e.getCause() != null && e.getCause().getMessage() != null) {
                what = cleanMessage(e.getCause().getMessage());
            }
            diags.error(at, "not valid " + (json ? "JSON" : "YAML") + ": " + what + "; fix the syntax at this position");
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some limits (nesting depth, code points) without a mark: the
            // parser's own position is where it stopped.
            diags.error(current(p, fileName), "not valid " + (json ? "JSON" : "YAML") + ": "
                    + cleanMessage(e.getMessage()) + "; fix the syntax at this position");
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException | RuntimeException ignored) {
                    // nothing was written
                }
            }
        }
        return roots;
    }

    private static SourceLocation current(JsonParser p, String file) {
        if (p == null) {
            return SourceLocation.ofFile(file);
        }
        JsonLocation l = p.currentLocation();
        if (l == null || l.getLineNr() < 1) {
            l = p.currentTokenLocation();
        }
        return l == null ? SourceLocation.ofFile(file) : loc(l, file);
    }

    /** Reads one document: nodes, anchors, aliases and merge keys, with depth and expansion caps. */
    private static final class Reader {
        private final JsonParser p;
        private final String file;
        private final Diagnostics diags;
        private final Map<String, YNode> anchors = new java.util.HashMap<>();
        /** Expanded size (nodes) of every node that was anchored, for alias accounting. */
        private final Map<YNode, Long> anchoredSize = new java.util.IdentityHashMap<>();
        private long expanded;
        boolean stopped;

        Reader(JsonParser p, String file, Diagnostics diags) {
            this.p = p;
            this.file = file;
            this.diags = diags;
        }

        private String anchor() throws IOException {
            return p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y ? y.getObjectId() : null;
        }

        private boolean isAlias() {
            return p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias();
        }

        /** Reads the node that starts with token {@code t}; returns it, and counts it in {@link #expanded}. */
        YNode read(JsonToken t, int depth) throws IOException {
            SourceLocation at = loc(p.currentTokenLocation(), file);
            if (t == JsonToken.VALUE_STRING && isAlias()) {
                String name = p.getText();
                YNode target = anchors.get(name);
                if (target == null) {
                    diags.error(at, "alias *" + name + " names no anchor defined before it; define &" + name
                            + " on an earlier node");
                    return new YNode.YScalar(at, "", YNode.YScalar.Kind.NULL);
                }
                count(anchoredSize.getOrDefault(target, 1L), at);
                return target;
            }
            String anchor = anchor();
            long before = expanded;
            YNode node = readNode(t, at, depth);
            if (anchor != null) {
                anchors.put(anchor, node);
                anchoredSize.put(node, expanded - before);
            }
            return node;
        }

        private void count(long n, SourceLocation at) {
            expanded += n;
            if (expanded > MAX_EXPANDED_NODES && !stopped) {
                diags.error(at, "aliases expand this document to more than " + MAX_EXPANDED_NODES + " nodes (the limit"
                        + " against alias bombs); use fewer aliases, or raise the limit with"
                        + " -Dpodnet.limit.aliasExpansion=N");
                stopped = true;
            }
        }

        private YNode readNode(JsonToken t, SourceLocation at, int depth) throws IOException {
            count(1, at);
            if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
                diags.error(at, "mappings and lists nest more than " + MAX_DEPTH + " levels deep here; a scenario"
                        + " needs far fewer");
                stopped = true; // the rest of the document is not read
                return new YNode.YScalar(at, "", YNode.YScalar.Kind.NULL);
            }
            switch (t) {
                case START_OBJECT: {
                    Map<String, YNode.Entry> entries = new LinkedHashMap<>();
                    List<YNode> merges = new ArrayList<>();
                    JsonToken k;
                    while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        SourceLocation keyAt = loc(p.currentTokenLocation(), file);
                        YNode value = read(p.nextToken(), depth + 1);
                        if (stopped) {
                            return value;
                        }
                        if (key.equals("<<") && p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser) {
                            merges.add(value);
                            continue;
                        }
                        if (entries.containsKey(key)) {
                            diags.error(keyAt, "duplicate key '" + key + "' (first at line "
                                    + entries.get(key).keyLocation().line() + "); each key may appear once in a mapping");
                        } else {
                            entries.put(key, new YNode.Entry(key, keyAt, value));
                        }
                    }
                    for (YNode m : merges) {
                        merge(entries, m);
                    }
                    return new YNode.YMap(at, entries);
                }
                case START_ARRAY: {
                    List<YNode> items = new ArrayList<>();
                    JsonToken i;
                    while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                        items.add(read(i, depth + 1));
                        if (stopped) {
                            return new YNode.YList(at, items);
                        }
                    }
                    return new YNode.YList(at, items);
                }
                case VALUE_STRING:
                    return new YNode.YScalar(at, p.getText(), YNode.YScalar.Kind.STRING);
                case VALUE_NUMBER_INT:
                    return new YNode.YScalar(at, p.getText(), YNode.YScalar.Kind.INTEGER);
                case VALUE_NUMBER_FLOAT:
                    return new YNode.YScalar(at, p.getText(), YNode.YScalar.Kind.FLOAT);
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return new YNode.YScalar(at, p.getText(), YNode.YScalar.Kind.BOOLEAN);
                case VALUE_NULL:
                    return new YNode.YScalar(at, "", YNode.YScalar.Kind.NULL);
                default:
                    // VALUE_EMBEDDED_OBJECT (binary) and anything exotic: keep the text.
                    return new YNode.YScalar(at, String.valueOf(p.getText()), YNode.YScalar.Kind.STRING);
            }
        }

        /** YAML's merge key: a mapping, or a list of mappings (earlier ones win), fills keys not set. */
        private void merge(Map<String, YNode.Entry> entries, YNode merged) {
            if (merged instanceof YNode.YMap m) {
                m.entries().forEach(entries::putIfAbsent);
            } else if (merged instanceof YNode.YList l && l.items().stream().allMatch(i -> i instanceof YNode.YMap)) {
                for (YNode i : l.items()) {
                    ((YNode.YMap) i).entries().forEach(entries::putIfAbsent);
                }
            } else {
                diags.error(merged.location(), "a merge key (<<) takes a mapping or a list of mappings, such as"
                        + " <<: *defaults, not " + merged.describe());
            }
        }
    }

    private static SourceLocation loc(JsonLocation l, String file) {
        return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static String cleanMessage(String m) {
        if (m == null) {
            return "syntax error";
        }
        String one = m.replaceAll("\\s+", " ").trim();
        int at = one.indexOf(" at [Source");
        return at > 0 ? one.substring(0, at) : one;
    }

    /** Converts a tree to Jackson's {@link JsonNode} (for typed binding), keeping scalar types. */
    public static JsonNode toJson(YNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n instanceof YNode.YMap m) {
            ObjectNode o = f.objectNode();
            m.entries().forEach((k, e) -> o.set(k, toJson(e.value())));
            return o;
        }
        if (n instanceof YNode.YList l) {
            ArrayNode a = f.arrayNode();
            l.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        YNode.YScalar s = (YNode.YScalar) n;
        switch (s.kind()) {
            case INTEGER:
                try {
                    long v = Long.parseLong(s.text());
                    return v == (int) v ? f.numberNode((int) v) : f.numberNode(v);
                } catch (NumberFormatException e) {
                    return f.numberNode(new java.math.BigInteger(s.text()));
                }
            case FLOAT:
                return f.numberNode(Double.parseDouble(s.text()));
            case BOOLEAN:
                return f.booleanNode(Boolean.parseBoolean(s.text()));
            case NULL:
                return f.nullNode();
            default:
                return f.textNode(s.text());
        }
    }
}
