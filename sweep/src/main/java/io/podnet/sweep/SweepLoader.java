package io.podnet.sweep;

import io.podnet.scenarios.load.Units;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YNode.YList;
import io.podnet.scenarios.source.YNode.YMap;
import io.podnet.scenarios.source.YNode.YScalar;
import io.podnet.scenarios.source.YamlTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sweep file ({@code kind: Sweep}) with the scenarios' located YAML tree, so every problem is a
 * {@code file:line:column} diagnostic saying what is wrong and what would be accepted.
 */
public final class SweepLoader {
    /** The grid keys with a meaning of their own; any other key is a scenario field path. */
    public static final List<String> NAMED_KEYS = List.of("cni", "seed", "kubeProxy", "nodes", "services", "profile");
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "scenario", "grid", "expect");
    private static final long MAX_CELLS = Long.getLong("podnet.limit.sweepCells", 1_000_000L);

    private SweepLoader() {}

    /** Loads and validates {@code file}; every error is in the exception's diagnostics. */
    public static SweepSpec load(Path file) throws ScenarioException {
        Diagnostics diags = new Diagnostics();
        String shown = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            diags.error(SourceLocation.ofFile(shown), "cannot read the sweep file (" + e.getClass().getSimpleName()
                    + "); give a readable sweep YAML file");
            diags.throwIfErrors();
            return null;
        }
        List<YNode> docs = YamlTrees.parse(bytes, shown, diags);
        diags.throwIfErrors();
        if (docs.size() != 1 || !(docs.get(0) instanceof YMap root)) {
            diags.error(docs.isEmpty() ? SourceLocation.ofFile(shown) : docs.get(0).location(),
                    "a sweep file is one YAML mapping with apiVersion, kind: Sweep, metadata, scenario, grid and expect");
            diags.throwIfErrors();
            return null;
        }
        for (YNode.Entry e : root.entries().values()) {
            if (!TOP.contains(e.key())) {
                diags.error(e.keyLocation(), "unknown field '" + YNode.quoted(e.key()) + "' in a sweep; expected one of: "
                        + "apiVersion, kind, metadata, scenario, grid, expect");
            }
        }
        String api = scalar(root, "apiVersion", diags, true);
        if (api != null && !api.equals("podnet/v1")) {
            diags.error(root.get("apiVersion").location(), "apiVersion must be podnet/v1, was '" + YNode.quoted(api) + "'");
        }
        String kind = scalar(root, "kind", diags, true);
        if (kind != null && !kind.equals("Sweep")) {
            diags.error(root.get("kind").location(), "kind must be Sweep, was '" + YNode.quoted(kind) + "'");
        }
        String name = "sweep";
        YNode meta = root.get("metadata");
        if (meta instanceof YMap m) {
            String n = scalar(m, "name", diags, false);
            if (n != null) {
                name = n;
            }
        } else if (meta != null) {
            diags.error(meta.location(), "metadata must be a mapping such as {name: my-sweep}, was " + meta.describe());
        }
        Path scenario = null;
        String sc = scalar(root, "scenario", diags, true);
        if (sc != null) {
            Path base = file.toAbsolutePath().getParent();
            Path p = Path.of(sc);
            scenario = (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize();
            if (!Files.isRegularFile(scenario)) {
                diags.error(root.get("scenario").location(), "scenario file '" + YNode.quoted(sc) + "' does not exist ("
                        + scenario + "); give a path relative to the sweep file, or absolute");
            }
        }
        List<SweepSpec.Axis> axes = grid(root, diags, shown);
        List<SweepExpectation> expects = expectations(root.get("expect"), axes, diags);
        diags.throwIfErrors();
        return new SweepSpec(file, name, scenario, axes, expects);
    }

    private static List<SweepSpec.Axis> grid(YMap root, Diagnostics diags, String shown) {
        List<SweepSpec.Axis> axes = new ArrayList<>();
        YNode g = root.get("grid");
        if (g == null) {
            diags.error(root.location(), "a sweep needs grid: a mapping of keys to lists of values, e.g."
                    + " {cni: [flannel-vxlan, calico-bgp], seed: [1, 2, 3]}");
            return axes;
        }
        if (!(g instanceof YMap gm) || gm.entries().isEmpty()) {
            diags.error(g.location(), "grid must be a non-empty mapping of keys to lists of values, was " + g.describe());
            return axes;
        }
        long cells = 1;
        for (YNode.Entry e : gm.entries().values()) {
            String key = e.key();
            if (!NAMED_KEYS.contains(key) && !key.matches("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*")) {
                diags.error(e.keyLocation(), "grid key '" + YNode.quoted(key) + "' is neither one of "
                        + String.join(", ", NAMED_KEYS) + " nor a scenario field path such as cluster.kubeProxy.mode");
                continue;
            }
            List<YNode> items;
            if (e.value() instanceof YList l) {
                items = l.items();
            } else if (e.value() instanceof YScalar) {
                items = List.of(e.value());
            } else {
                diags.error(e.value().location(), "grid." + key + " must be a list of values, was " + e.value().describe());
                continue;
            }
            if (items.isEmpty()) {
                diags.error(e.value().location(), "grid." + key + " must list at least one value");
                continue;
            }
            List<SweepSpec.Value> values = new ArrayList<>();
            for (YNode item : items) {
                if (!(item instanceof YScalar s) || s.kind() == YScalar.Kind.NULL) {
                    diags.error(item.location(), "a grid value must be a string, number or boolean, was " + item.describe());
                    continue;
                }
                String err = checkValue(key, s);
                if (err != null) {
                    diags.error(s.location(), err);
                    continue;
                }
                if (values.stream().anyMatch(v -> v.text().equals(s.text()))) {
                    diags.error(s.location(), "grid." + key + " lists '" + YNode.quoted(s.text()) + "' twice; list each value once");
                    continue;
                }
                values.add(new SweepSpec.Value(s.text(), s.kind().name().toLowerCase(java.util.Locale.ROOT)));
            }
            cells *= Math.max(1, values.size());
            axes.add(new SweepSpec.Axis(key, e.keyLocation(), values));
        }
        if (cells > MAX_CELLS) {
            diags.error(g.location(), "the grid has " + cells + " cells; at most " + MAX_CELLS
                    + " are allowed (-Dpodnet.limit.sweepCells=N raises the limit)");
        }
        return axes;
    }

    private static String checkValue(String key, YScalar s) {
        switch (key) {
            case "cni":
                if (!io.podnet.scenarios.Podnet.designs().contains(s.text())) {
                    return "unknown CNI design '" + YNode.quoted(s.text()) + "'; expected one of: "
                            + String.join(", ", io.podnet.scenarios.Podnet.designs());
                }
                return null;
            case "seed":
                if (s.kind() != YScalar.Kind.INTEGER) {
                    return "a seed must be an integer, was " + s.describe();
                }
                try {
                    Long.parseLong(s.text());
                } catch (NumberFormatException ex) {
                    return "a seed must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
                }
                return null;
            case "kubeProxy":
                if (!List.of("iptables", "nftables", "ipvs").contains(s.text())) {
                    return "unknown kube-proxy mode '" + YNode.quoted(s.text()) + "'; expected iptables, nftables or ipvs";
                }
                return null;
            case "nodes":
                if (s.kind() != YScalar.Kind.INTEGER || !s.text().matches("[1-9][0-9]{0,3}")) {
                    return "nodes must be a node count from 1 to 9999, was " + s.describe();
                }
                return null;
            case "services":
                if (s.kind() != YScalar.Kind.INTEGER || !s.text().matches("0|[1-9][0-9]{0,4}")
                        || Integer.parseInt(s.text()) > CellRunner.MAX_ADDED_SERVICES) {
                    return "services must be a count of Services to add from 0 to " + CellRunner.MAX_ADDED_SERVICES
                            + ", was " + s.describe();
                }
                return null;
            default:
                return null;
        }
    }

    private static List<SweepExpectation> expectations(YNode node, List<SweepSpec.Axis> axes, Diagnostics diags) {
        List<SweepExpectation> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof YList list)) {
            diags.error(node.location(), "expect must be a list of expectations, was " + node.describe());
            return out;
        }
        for (YNode item : list.items()) {
            if (!(item instanceof YMap m)) {
                diags.error(item.location(), "an expectation must be a mapping such as"
                        + " {metric: rr.p99Nanos, by: cni, atMost: 100us, inAtLeast: 95%}, was " + item.describe());
                continue;
            }
            Set<String> known = Set.of("metric", "by", "atMost", "atLeast", "inAtLeast", "compare", "within");
            boolean ok = true;
            for (YNode.Entry e : m.entries().values()) {
                if (!known.contains(e.key())) {
                    diags.error(e.keyLocation(), "unknown field '" + YNode.quoted(e.key()) + "' in an expectation; expected"
                            + " metric, by, atMost, atLeast, inAtLeast, compare, within");
                    ok = false;
                }
            }
            String metric = scalar(m, "metric", diags, true);
            if (metric == null || !ok) {
                continue;
            }
            if (m.has("compare")) {
                YNode c = m.get("compare");
                if (!(c instanceof YMap cm) || cm.entries().size() != 2 || !cm.has("to")) {
                    diags.error(c.location(), "compare must name a grid key and two of its values, e.g."
                            + " {cni: flannel-vxlan, to: flannel-host-gw}");
                    continue;
                }
                String key = cm.entries().keySet().stream().filter(k -> !k.equals("to")).findFirst().orElseThrow();
                String a = scalar(cm, key, diags, true);
                String b = scalar(cm, "to", diags, true);
                if (!hasValue(axes, key, a, cm.entries().get(key).keyLocation(), diags)
                        | !hasValue(axes, key, b, cm.get("to").location(), diags)) {
                    continue;
                }
                Double within = fraction(m, "within", diags);
                if (within == null) {
                    diags.error(m.location(), "a comparison needs within: the largest relative difference, e.g. 10%");
                    continue;
                }
                out.add(new SweepExpectation(m.location(), metric, null, null, null, 1, key, a, b, within,
                        metric + " " + key + "=" + a + " within " + pct(within) + " of " + key + "=" + b));
                continue;
            }
            String by = m.has("by") ? scalar(m, "by", diags, true) : null;
            if (by != null && axes.stream().noneMatch(ax -> ax.key().equals(by))) {
                diags.error(m.get("by").location(), "by: '" + YNode.quoted(by) + "' is not a grid key; expected one of: "
                        + String.join(", ", axes.stream().map(SweepSpec.Axis::key).toList()));
                continue;
            }
            Double atMost = bound(m, "atMost", metric, diags);
            Double atLeast = bound(m, "atLeast", metric, diags);
            if (atMost == null && atLeast == null) {
                diags.error(m.location(), "an expectation needs atMost or atLeast (or compare and within)");
                continue;
            }
            Double in = m.has("inAtLeast") ? fraction(m, "inAtLeast", diags) : Double.valueOf(1.0);
            if (in == null) {
                continue;
            }
            String text = metric + (atMost != null ? " <= " + fmt(atMost) : "") + (atLeast != null ? " >= " + fmt(atLeast) : "")
                    + " in at least " + pct(in) + " of the cells" + (by != null ? " of each " + by : "");
            out.add(new SweepExpectation(m.location(), metric, by, atMost, atLeast, in, null, null, null, 0, text));
        }
        return out;
    }

    private static boolean hasValue(List<SweepSpec.Axis> axes, String key, String value, SourceLocation at, Diagnostics diags) {
        if (value == null) {
            return false;
        }
        for (SweepSpec.Axis a : axes) {
            if (a.key().equals(key)) {
                if (a.values().stream().anyMatch(v -> v.text().equals(value))) {
                    return true;
                }
                diags.error(at, "'" + YNode.quoted(value) + "' is not a value of grid." + key + "; expected one of: "
                        + String.join(", ", a.values().stream().map(SweepSpec.Value::text).toList()));
                return false;
            }
        }
        diags.error(at, "'" + YNode.quoted(key) + "' is not a grid key; expected one of: "
                + String.join(", ", axes.stream().map(SweepSpec.Axis::key).toList()));
        return false;
    }

    /** A bound: a duration for a metric ending in Nanos, else a number. */
    private static Double bound(YMap m, String key, String metric, Diagnostics diags) {
        if (!m.has(key)) {
            return null;
        }
        String t = scalar(m, key, diags, true);
        if (t == null) {
            return null;
        }
        try {
            if (metric.endsWith("Nanos")) {
                return (double) Units.duration(t);
            }
            return Double.parseDouble(t);
        } catch (IllegalArgumentException e) {
            diags.error(m.get(key).location(), key + " '" + YNode.quoted(t) + "' is not "
                    + (metric.endsWith("Nanos") ? Units.DURATION_FORMS : "a number") + " (the metric is " + metric + ")");
            return null;
        }
    }

    /** A fraction: 95% or 0.95. */
    static Double fraction(YMap m, String key, Diagnostics diags) {
        String t = scalar(m, key, diags, true);
        if (t == null) {
            return null;
        }
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        diags.error(m.get(key).location(), key + " '" + YNode.quoted(t) + "' is not a fraction; expected a percentage"
                + " such as 95% or a number from 0 to 1");
        return null;
    }

    private static String scalar(YMap m, String key, Diagnostics diags, boolean required) {
        YNode n = m.get(key);
        if (n == null) {
            if (required) {
                diags.error(m.location(), "missing field '" + key + "'");
            }
            return null;
        }
        if (!(n instanceof YScalar s) || s.kind() == YScalar.Kind.NULL) {
            diags.error(n.location(), key + " must be a single value, was " + n.describe());
            return null;
        }
        return s.text();
    }

    static String pct(double f) {
        return fmt(f * 100) + "%";
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.valueOf(d);
    }

}
