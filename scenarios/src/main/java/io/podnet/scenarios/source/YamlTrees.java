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

    /**
     * Parses every document of {@code text}. {@code fileName} is what messages show. JSON is read
     * with the JSON parser when the text starts with '{' or '[' so that its positions are exact.
     */
    public static List<YNode> parse(String text, String fileName, Diagnostics diags) {
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        List<YNode> roots = new ArrayList<>();
        try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                roots.add(read(p, t, fileName, diags));
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            SourceLocation at = l == null ? SourceLocation.ofFile(fileName) : loc(l, fileName);
            String what = cleanMessage(e.getOriginalMessage());
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                at = new SourceLocation(fileName, y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1);
                what = y.getProblem();
                if (y.getContext() != null && y.getContextMark() != null) {
                    what += " (" + y.getContext() + " that starts at line " + (y.getContextMark().getLine() + 1)
                            + ", column " + (y.getContextMark().getColumn() + 1) + ")";
                }
            }
            diags.error(at, "not valid " + (json ? "JSON" : "YAML") + ": " + what + "; fix the syntax at this position");
        } catch (IOException e) {
            diags.error(SourceLocation.ofFile(fileName), "cannot read: " + e.getMessage());
        }
        return roots;
    }

    private static YNode read(JsonParser p, JsonToken t, String file, Diagnostics diags) throws IOException {
        SourceLocation at = loc(p.currentTokenLocation(), file);
        switch (t) {
            case START_OBJECT: {
                Map<String, YNode.Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceLocation keyAt = loc(p.currentTokenLocation(), file);
                    YNode value = read(p, p.nextToken(), file, diags);
                    if (entries.containsKey(key)) {
                        diags.error(keyAt, "duplicate key '" + key + "' (first at line "
                                + entries.get(key).keyLocation().line() + "); each key may appear once in a mapping");
                    } else {
                        entries.put(key, new YNode.Entry(key, keyAt, value));
                    }
                }
                return new YNode.YMap(at, entries);
            }
            case START_ARRAY: {
                List<YNode> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, i, file, diags));
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
