package io.podnet.sim.cost;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes cost profiles as YAML:
 *
 * <pre>
 * apiVersion: podnet/v1
 * kind: CostProfile
 * metadata: {name: default, cpu: "...", kernel: "6.1", description: "..."}
 * cpusPerNode: 2
 * costs:
 *   socket-send:    {perPacket: 1.5us, perByte: 0.1ns/B, source: published, note: "..."}
 *   netfilter-rule: {perPacket: 20ns, source: fitted}
 * variation: {distribution: lognormal, cv: 0.4, source: fitted}   # optional: each charge × a mean-1 factor
 * </pre>
 *
 * Values carry units: {@code perPacket} in {@code ps}, {@code ns}, {@code us} (or {@code µs}),
 * {@code ms}, {@code s}; {@code perByte} in {@code ps/B}, {@code ns/B}, {@code us/B}. A step left
 * out is free. Every problem is reported with {@code file:line:column}, all at once.
 */
public final class CostProfiles {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final Pattern TIME = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*(ps|ns|us|µs|ms|s)");
    private static final Pattern PER_BYTE = Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*(ps|ns|us|µs)/B");
    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "cpusPerNode", "costs", "variation");
    private static final List<String> VARIATION = List.of("distribution", "cv", "source", "note");
    private static final List<String> META = List.of("name", "cpu", "kernel", "description");
    private static final List<String> COST = List.of("perPacket", "perByte", "source", "note");

    private CostProfiles() {}

    /**
     * The profile a command-line argument names: {@code wire-only}, {@code default}, or a YAML file.
     */
    public static CostProfile resolve(String arg) throws CostProfileException, IOException {
        if (arg == null || arg.equals("default")) {
            return CostProfile.defaults();
        }
        if (arg.equals(CostProfile.WIRE_ONLY)) {
            return CostProfile.wireOnly();
        }
        return load(Path.of(arg));
    }

    /** Reads a profile file. */
    public static CostProfile load(Path file) throws CostProfileException, IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses profile YAML; {@code fileName} is what messages show. */
    public static CostProfile parse(String text, String fileName) throws CostProfileException {
        List<CostProfileException.Problem> problems = new ArrayList<>();
        Node root;
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(new CostProfileException.Problem(fileName, 1, 1,
                        "the file is empty; a cost profile is a mapping with kind: CostProfile and costs"));
                throw new CostProfileException(problems);
            }
            root = read(p, t);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            problems.add(new CostProfileException.Problem(fileName, l == null ? 1 : Math.max(1, l.getLineNr()),
                    l == null ? 1 : Math.max(1, l.getColumnNr()), "not valid YAML: " + clean(e.getOriginalMessage())
                    + "; fix the syntax at this position"));
            throw new CostProfileException(problems);
        } catch (IOException e) {
            problems.add(new CostProfileException.Problem(fileName, 1, 1, "cannot read: " + e.getMessage()));
            throw new CostProfileException(problems);
        }
        Reader r = new Reader(fileName, problems);
        CostProfile profile = r.profile(root);
        if (!problems.isEmpty() || profile == null) {
            throw new CostProfileException(problems);
        }
        return profile;
    }

    /** The profile as YAML ({@link #parse} reads it back to an equal profile). */
    public static String toYaml(CostProfile p) {
        StringBuilder b = new StringBuilder();
        b.append("apiVersion: podnet/v1\nkind: CostProfile\nmetadata:\n");
        b.append("  name: ").append(quote(p.name())).append('\n');
        b.append("  cpu: ").append(quote(p.cpu())).append('\n');
        b.append("  kernel: ").append(quote(p.kernel())).append('\n');
        b.append("  description: ").append(quote(p.description())).append('\n');
        b.append("cpusPerNode: ").append(p.cpusPerNode()).append('\n');
        b.append("costs:\n");
        for (CostStep s : CostStep.values()) {
            StepCost c = p.cost(s);
            b.append("  ").append(s.key()).append(": {perPacket: ").append(number(c.perPacketNanos())).append("ns");
            if (c.perByteNanos() != 0) {
                b.append(", perByte: ").append(number(c.perByteNanos())).append("ns/B");
            }
            b.append(", source: ").append(c.source().key());
            if (!c.note().isEmpty()) {
                b.append(", note: ").append(quote(c.note()));
            }
            b.append("}\n");
        }
        CostVariation v = p.variation();
        if (v.active()) {
            b.append("variation: {distribution: ").append(v.distribution().key()).append(", cv: ").append(number(v.cv()))
                    .append(", source: ").append(v.source().key());
            if (!v.note().isEmpty()) {
                b.append(", note: ").append(quote(v.note()));
            }
            b.append("}\n");
        }
        return b.toString();
    }

    /** Nanoseconds from a time with a unit ({@code 1.2us}), or null when it has none of the accepted units. */
    public static Double parseTimeNanos(String text) {
        Matcher m = TIME.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        return Double.parseDouble(m.group(1)) * unit(m.group(2));
    }

    /** Nanoseconds per byte from {@code 0.35ns/B}, or null. */
    public static Double parsePerByteNanos(String text) {
        Matcher m = PER_BYTE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        return Double.parseDouble(m.group(1)) * unit(m.group(2));
    }

    private static double unit(String u) {
        switch (u) {
            case "ps":
                return 1e-3;
            case "ns":
                return 1;
            case "us":
            case "µs":
                return 1e3;
            case "ms":
                return 1e6;
            default:
                return 1e9;
        }
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String clean(String m) {
        if (m == null) {
            return "syntax error";
        }
        String one = m.replaceAll("\\s+", " ").trim();
        int at = one.indexOf(" at [Source");
        return at > 0 ? one.substring(0, at) : one;
    }

    // ---- a small tree with positions -------------------------------------------------------

    private sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        int column();
    }

    private record Key(String name, int line, int column) {}

    private record MapNode(int line, int column, Map<String, Map.Entry<Key, Node>> entries, List<Key> duplicates)
            implements Node {}

    private record ListNode(int line, int column) implements Node {}

    private record Scalar(int line, int column, String text, boolean string) implements Node {}

    private static Node read(JsonParser p, JsonToken t) throws IOException {
        JsonLocation l = p.currentTokenLocation();
        int line = Math.max(1, l.getLineNr());
        int col = Math.max(1, l.getColumnNr());
        switch (t) {
            case START_OBJECT: {
                Map<String, Map.Entry<Key, Node>> m = new LinkedHashMap<>();
                List<Key> dups = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    Key k = new Key(p.currentName(), Math.max(1, kl.getLineNr()), Math.max(1, kl.getColumnNr()));
                    Node v = read(p, p.nextToken());
                    if (m.containsKey(k.name())) {
                        dups.add(k);
                    } else {
                        m.put(k.name(), Map.entry(k, v));
                    }
                }
                return new MapNode(line, col, m, dups);
            }
            case START_ARRAY: {
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    read(p, i);
                }
                return new ListNode(line, col);
            }
            case VALUE_NULL:
                return new Scalar(line, col, "", false);
            default:
                return new Scalar(line, col, p.getText(), t == JsonToken.VALUE_STRING);
        }
    }

    private static final class Reader {
        private final String file;
        private final List<CostProfileException.Problem> problems;

        Reader(String file, List<CostProfileException.Problem> problems) {
            this.file = file;
            this.problems = problems;
        }

        void error(int line, int col, String msg) {
            problems.add(new CostProfileException.Problem(file, line, col, msg));
        }

        void error(Node n, String msg) {
            error(n.line(), n.column(), msg);
        }

        MapNode map(Node n, String what) {
            if (n instanceof MapNode m) {
                for (Key d : m.duplicates()) {
                    error(d.line(), d.column(), "duplicate key '" + d.name() + "'; each key may appear once in a mapping");
                }
                return m;
            }
            error(n, what + " must be a mapping");
            return null;
        }

        void known(MapNode m, List<String> allowed, String where) {
            for (Map.Entry<Key, Node> e : m.entries().values()) {
                Key k = e.getKey();
                if (!allowed.contains(k.name())) {
                    error(k.line(), k.column(), "unknown field '" + k.name() + "' in " + where
                            + didYouMean(k.name(), allowed) + "; accepted: " + String.join(", ", allowed));
                }
            }
        }

        String text(MapNode m, String key) {
            Map.Entry<Key, Node> e = m.entries().get(key);
            if (e == null) {
                return null;
            }
            if (e.getValue() instanceof Scalar s) {
                return s.text();
            }
            error(e.getValue(), "'" + key + "' must be a single value");
            return null;
        }

        CostProfile profile(Node root) {
            MapNode top = map(root, "a cost profile");
            if (top == null) {
                return null;
            }
            known(top, TOP, "a cost profile");
            String kind = text(top, "kind");
            if (kind == null) {
                error(top, "missing 'kind: CostProfile'");
            } else if (!kind.equals("CostProfile")) {
                Node n = top.entries().get("kind").getValue();
                error(n, "kind is '" + kind + "'; a cost profile has kind: CostProfile");
            }
            String api = text(top, "apiVersion");
            if (api != null && !api.equals("podnet/v1")) {
                error(top.entries().get("apiVersion").getValue(), "apiVersion '" + api + "' is not known; use podnet/v1");
            }
            String name = "unnamed";
            String cpu = "";
            String kernel = "";
            String description = "";
            Map.Entry<Key, Node> meta = top.entries().get("metadata");
            if (meta != null) {
                MapNode mm = map(meta.getValue(), "metadata");
                if (mm != null) {
                    known(mm, META, "metadata");
                    String n = text(mm, "name");
                    if (n != null && !n.isBlank()) {
                        name = n;
                    }
                    cpu = orEmpty(text(mm, "cpu"));
                    kernel = orEmpty(text(mm, "kernel"));
                    description = orEmpty(text(mm, "description"));
                }
            }
            int cpus = 1;
            Map.Entry<Key, Node> cpn = top.entries().get("cpusPerNode");
            if (cpn == null) {
                error(top, "missing 'cpusPerNode' (the CPUs of a node unless cluster.nodes[].cpus says otherwise), e.g. cpusPerNode: 2");
            } else {
                String v = text(top, "cpusPerNode");
                if (v != null) {
                    try {
                        cpus = Integer.parseInt(v.trim());
                        if (cpus < 1 || cpus > 4096) {
                            error(cpn.getValue(), "cpusPerNode is " + cpus + "; accepted: a whole number from 1 to 4096");
                            cpus = 1;
                        }
                    } catch (NumberFormatException e) {
                        error(cpn.getValue(), "cpusPerNode '" + v + "' is not a whole number; accepted: 1 to 4096");
                    }
                }
            }
            EnumMap<CostStep, StepCost> costs = new EnumMap<>(CostStep.class);
            Map.Entry<Key, Node> ce = top.entries().get("costs");
            if (ce == null) {
                error(top, "missing 'costs' (a mapping from step name to {perPacket, perByte, source})");
            } else {
                MapNode cm = map(ce.getValue(), "costs");
                if (cm != null) {
                    List<String> keys = Arrays.stream(CostStep.values()).map(CostStep::key).toList();
                    for (Map.Entry<Key, Node> e : cm.entries().values()) {
                        Key k = e.getKey();
                        CostStep step = CostStep.ofKey(k.name());
                        if (step == null) {
                            error(k.line(), k.column(), "unknown step '" + k.name() + "'" + didYouMean(k.name(), keys)
                                    + "; accepted: " + String.join(", ", keys));
                            continue;
                        }
                        StepCost c = cost(e.getValue(), k.name());
                        if (c != null) {
                            costs.put(step, c);
                        }
                    }
                }
            }
            CostVariation variation = CostVariation.NONE;
            Map.Entry<Key, Node> ve = top.entries().get("variation");
            if (ve != null) {
                variation = variation(ve.getValue());
            }
            return problems.isEmpty() ? new CostProfile(name, cpu, kernel, description, cpus, costs, variation) : null;
        }

        CostVariation variation(Node n) {
            MapNode m = map(n, "variation");
            if (m == null) {
                return CostVariation.NONE;
            }
            known(m, VARIATION, "variation");
            CostVariation.Distribution d = CostVariation.Distribution.LOGNORMAL;
            Map.Entry<Key, Node> de = m.entries().get("distribution");
            if (de != null) {
                String v = text(m, "distribution");
                CostVariation.Distribution parsed = v == null ? null : CostVariation.Distribution.ofKey(v);
                if (parsed == null) {
                    if (v != null) {
                        error(de.getValue(), "distribution '" + v + "' is not known; accepted: lognormal, gamma");
                    }
                } else {
                    d = parsed;
                }
            }
            double cv = 0;
            Map.Entry<Key, Node> ce = m.entries().get("cv");
            if (ce == null) {
                error(m, "variation needs cv (the coefficient of variation of each charge, 0 to "
                        + number(CostVariation.MAX_CV) + "), e.g. {distribution: lognormal, cv: 0.4, source: fitted}");
            } else {
                String v = text(m, "cv");
                try {
                    cv = v == null ? 0 : Double.parseDouble(v.trim());
                    if (!(cv >= 0) || cv > CostVariation.MAX_CV) {
                        error(ce.getValue(), "cv is " + v + "; accepted: a number from 0 to " + number(CostVariation.MAX_CV));
                        cv = 0;
                    }
                } catch (NumberFormatException e) {
                    error(ce.getValue(), "cv '" + v + "' is not a number; accepted: a number from 0 to "
                            + number(CostVariation.MAX_CV) + " (standard deviation / mean of each charge's factor)");
                }
            }
            StepCost.Source source = source(m, "variation");
            return new CostVariation(d, cv, source == null ? StepCost.Source.PUBLISHED : source,
                    orEmpty(text(m, "note")));
        }

        StepCost cost(Node n, String step) {
            MapNode m = map(n, "the cost of '" + step + "'");
            if (m == null) {
                return null;
            }
            known(m, COST, "the cost of '" + step + "'");
            double perPacket = 0;
            double perByte = 0;
            boolean ok = true;
            Map.Entry<Key, Node> pp = m.entries().get("perPacket");
            Map.Entry<Key, Node> pb = m.entries().get("perByte");
            if (pp == null && pb == null) {
                error(m, "the cost of '" + step + "' needs perPacket and/or perByte, e.g. {perPacket: 1.2us, perByte: 0.35ns/B}");
                ok = false;
            }
            if (pp != null) {
                String v = text(m, "perPacket");
                Double d = v == null ? null : parseTimeNanos(v);
                if (d == null) {
                    if (v != null) {
                        error(pp.getValue(), "perPacket '" + v + "' needs a time with a unit; accepted: e.g. 800ns, 1.2us, 0.5µs, 2ms");
                    }
                    ok = false;
                } else {
                    perPacket = d;
                }
            }
            if (pb != null) {
                String v = text(m, "perByte");
                Double d = v == null ? null : parsePerByteNanos(v);
                if (d == null) {
                    if (v != null) {
                        error(pb.getValue(), "perByte '" + v + "' needs a time per byte; accepted: e.g. 0.35ns/B, 350ps/B");
                    }
                    ok = false;
                } else {
                    perByte = d;
                }
            }
            StepCost.Source source = source(m, "the cost of '" + step + "'");
            if (source == null) {
                ok = false;
            }
            String note = orEmpty(text(m, "note"));
            return ok ? new StepCost(perPacket, perByte, source, note) : null;
        }

        /**
         * The {@code source} of {@code m}, which {@code what} needs; null (and a problem reported)
         * when it is missing or not known.
         */
        StepCost.Source source(MapNode m, String what) {
            Map.Entry<Key, Node> se = m.entries().get("source");
            if (se == null) {
                error(m, what + " needs a source: measured, fitted or published");
                return null;
            }
            String v = text(m, "source");
            StepCost.Source s = v == null ? null : StepCost.Source.ofKey(v);
            if (s == null && v != null) {
                error(se.getValue(), "source '" + v + "' is not known; accepted: measured, fitted, published");
            }
            return s;
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }
    }

    /** " (did you mean 'x'?)" when a candidate is within a small edit distance, else "". */
    static String didYouMean(String given, List<String> candidates) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(given.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        if (best == null) {
            return "";
        }
        int allowed = Math.max(1, Math.min(4, Math.max(given.length(), best.length()) / 3));
        return bestDist <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        return io.podnet.sim.text.EditDistance.of(a, b);
    }
}
