package io.podnet.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.load.CniDesigns;
import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.RunObservation;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one cell: applies its overrides to the scenario and runs it, on whichever JVM Spark gives the
 * task. It carries the scenario's text (not only its path), so an executor on another machine reads
 * the same scenario; included files are read relative to {@code baseDir} there.
 */
public final class CellRunner implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The most Services the {@code services} grid key may add. */
    public static final int MAX_ADDED_SERVICES = 50_000;
    /** The names of the Services the {@code services} grid key adds: {@code sweep-svc-00000}, ... */
    static final String ADDED_SERVICE = "sweep-svc-";
    /** The podnet version written in every row. */
    public static final String VERSION = version();

    private final String scenarioText;
    private final String displayName;
    private final String baseDir;

    public CellRunner(String scenarioText, String displayName, String baseDir) {
        this.scenarioText = scenarioText;
        this.displayName = displayName;
        this.baseDir = baseDir;
    }

    /** Runs {@code cell}; never throws: a cell that fails is a result with its error. */
    public CellResult run(Cell cell) {
        LinkedHashMap<String, Object> cols = new LinkedHashMap<>();
        cols.put("cell", (long) cell.index());
        for (int i = 0; i < cell.keys().size(); i++) {
            cols.put(cell.keys().get(i), gridValue(cell.values().get(i)));
        }
        CellClock clock = CellClock.start();
        String error = null;
        try {
            Scenario s = scenario(cell);
            String profile = cell.get("profile");
            // Streamed, not recorded: a row needs the flow results, the expectations and the CPU
            // usage, which come from the runner's streaming observers; keeping every trace event
            // until the run ends made most of what a cell allocated survive into the old generation.
            RunResult r = ScenarioRunner.run(s, profile != null ? io.podnet.cli.ProfileOption.resolve(profile)
                    : io.podnet.sim.cost.CostProfile.defaults(), RunObservation.streaming());
            List<ExpectationFailure> failed = Podnet.check(r);
            cols.put("design", s.cluster().cni().designName());
            cols.put("seed", r.seed());
            cols.put("expectationsFailed", (long) failed.size());
            metrics(s, r, cols);
        } catch (ScenarioException e) {
            error = e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::render)
                    .collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        clock.stop(cols);
        cols.put("podnetVersion", VERSION);
        cols.put("error", error);
        return new CellResult(cell.index(), cols, error);
    }

    /** The scenario with the cell's overrides applied. */
    Scenario scenario(Cell cell) throws ScenarioException {
        String text = scenarioText;
        boolean paths = false;
        for (String k : cell.keys()) {
            if (!k.equals("cni") && !k.equals("seed") && !k.equals("profile")
                    && !(k.equals("services") && cell.get(k).equals("0"))) {
                paths = true;
            }
        }
        Diagnostics diags = new Diagnostics();
        if (paths) {
            text = patched(cell, diags);
        }
        Scenario s = ScenarioLoader.parse(text, displayName, Path.of(baseDir), diags);
        ScenarioRunner.check(s);
        String seed = cell.get("seed");
        if (seed != null) {
            s = s.withSeed(Long.parseLong(seed));
        }
        String cni = cell.get("cni");
        if (cni != null) {
            s = CniDesigns.withDesign(s, cni);
        }
        return s;
    }

    /** The scenario text with the cell's field overrides set (as JSON, which the YAML loader reads). */
    private String patched(Cell cell, Diagnostics diags) throws ScenarioException {
        List<YNode> docs = YamlTrees.parse(scenarioText, displayName, diags);
        diags.throwIfErrors();
        JsonNode root = YamlTrees.toJson(docs.get(0));
        if (!(root instanceof ObjectNode obj)) {
            throw new IllegalArgumentException("the scenario is not a mapping");
        }
        for (int i = 0; i < cell.keys().size(); i++) {
            String key = cell.keys().get(i);
            SweepSpec.Value v = cell.values().get(i);
            switch (key) {
                case "cni":
                case "seed":
                case "profile":
                    break;
                case "kubeProxy":
                    set(obj, "cluster.kubeProxy.mode", JsonNodeFactory.instance.textNode(v.text()));
                    break;
                case "services":
                    addServices(obj, Integer.parseInt(v.text()), diags);
                    break;
                case "nodes": {
                    ArrayNode nodes = JsonNodeFactory.instance.arrayNode();
                    int n = Integer.parseInt(v.text());
                    for (int k = 1; k <= n; k++) {
                        nodes.add("node" + k);
                    }
                    set(obj, "cluster.nodes", nodes);
                    break;
                }
                default:
                    set(obj, key, typed(v));
            }
        }
        try {
            return new ObjectMapper().writeValueAsString(obj);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends {@code count} ClusterIP Services ({@value #ADDED_SERVICE}NNNNN, port 80) to the scenario's
     * resources, as the scale benchmark does: Service {@code i} selects the {@code i mod n}-th of the
     * scenario's labelled workloads (Pods and Deployments, inline or included, in their order), in that
     * workload's namespace, with its first container port as target (80 when it has none). With no
     * labelled workload the Services select nothing (kube-proxy then writes their reject rules only).
     */
    private void addServices(ObjectNode root, int count, Diagnostics diags) throws ScenarioException {
        if (count == 0) {
            return;
        }
        record Target(String namespace, java.util.Map<String, String> labels, int port) {}
        List<Target> targets = new ArrayList<>();
        Scenario base = ScenarioLoader.parse(scenarioText, displayName, Path.of(baseDir), diags);
        for (io.podnet.scenarios.model.Resource r : base.resources()) {
            java.util.Map<String, String> labels = null;
            List<io.fabric8.kubernetes.api.model.Container> containers = List.of();
            if (r.object() instanceof io.fabric8.kubernetes.api.model.Pod p) {
                labels = p.getMetadata().getLabels();
                containers = p.getSpec() == null ? List.of() : p.getSpec().getContainers();
            } else if (r.object() instanceof io.fabric8.kubernetes.api.model.apps.Deployment d && d.getSpec() != null
                    && d.getSpec().getTemplate() != null) {
                labels = d.getSpec().getTemplate().getMetadata() == null ? null
                        : d.getSpec().getTemplate().getMetadata().getLabels();
                containers = d.getSpec().getTemplate().getSpec() == null ? List.of()
                        : d.getSpec().getTemplate().getSpec().getContainers();
            }
            if (labels == null || labels.isEmpty()) {
                continue;
            }
            int port = 80;
            for (io.fabric8.kubernetes.api.model.Container c : containers == null
                    ? List.<io.fabric8.kubernetes.api.model.Container>of() : containers) {
                if (c.getPorts() != null && !c.getPorts().isEmpty() && c.getPorts().get(0).getContainerPort() != null) {
                    port = c.getPorts().get(0).getContainerPort();
                    break;
                }
            }
            targets.add(new Target(r.namespace() == null ? "default" : r.namespace(), new java.util.TreeMap<>(labels), port));
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode res = root.get("resources");
        ArrayNode list = res instanceof ArrayNode a ? a : root.putArray("resources");
        for (int i = 0; i < count; i++) {
            ObjectNode svc = f.objectNode();
            svc.put("apiVersion", "v1");
            svc.put("kind", "Service");
            ObjectNode meta = svc.putObject("metadata");
            meta.put("name", ADDED_SERVICE + String.format(java.util.Locale.ROOT, "%05d", i));
            ObjectNode spec = svc.putObject("spec");
            ObjectNode port = f.objectNode();
            port.put("port", 80);
            port.put("protocol", "TCP");
            if (targets.isEmpty()) {
                meta.put("namespace", "default");
                port.put("targetPort", 80);
            } else {
                Target t = targets.get(i % targets.size());
                meta.put("namespace", t.namespace());
                ObjectNode sel = spec.putObject("selector");
                t.labels().forEach(sel::put);
                port.put("targetPort", t.port());
            }
            spec.putArray("ports").add(port);
            list.add(svc);
        }
    }

    private static JsonNode typed(SweepSpec.Value v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (v.kind()) {
            case "integer":
                try {
                    return f.numberNode(Long.parseLong(v.text()));
                } catch (NumberFormatException e) {
                    return f.textNode(v.text());
                }
            case "float":
                return f.numberNode(Double.parseDouble(v.text()));
            case "boolean":
                return f.booleanNode(Boolean.parseBoolean(v.text()));
            default:
                return f.textNode(v.text());
        }
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            at = next instanceof ObjectNode o ? o : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
    }

    /** Per traffic item (attempts, delivered, latency percentiles, goodput) and per flow. */
    static void metrics(Scenario s, RunResult r, LinkedHashMap<String, Object> cols) {
        for (TrafficItem t : s.traffic()) {
            List<FlowResult> fs = r.flowsOf(t.name());
            List<Long> lat = new ArrayList<>();
            long bytes = 0;
            long busy = 0;
            for (FlowResult f : fs) {
                if (f.outcome() == Outcome.DELIVERED && f.latencyNanos() >= 0) {
                    lat.add(f.latencyNanos());
                    bytes += f.bytesReceived();
                    busy += f.latencyNanos();
                }
            }
            lat.sort(null);
            String p = t.name() + ".";
            cols.put(p + "attempts", (long) fs.size());
            cols.put(p + "delivered", (long) lat.size());
            cols.put(p + "meanNanos", lat.isEmpty() ? null : lat.stream().mapToLong(Long::longValue).average().orElse(0));
            cols.put(p + "p50Nanos", rank(lat, 0.50));
            cols.put(p + "p90Nanos", rank(lat, 0.90));
            cols.put(p + "p99Nanos", rank(lat, 0.99));
            cols.put(p + "goodputBps", busy > 0 && bytes > 0 ? bytes * 8e9 / busy : null);
        }
        for (FlowResult f : r.flows()) {
            cols.put(f.flow() + ".outcome", f.outcome().name().toLowerCase(java.util.Locale.ROOT));
            cols.put(f.flow() + ".servedBy", f.servedBy());
            cols.put(f.flow() + ".latencyNanos", f.latencyNanos() >= 0 ? Long.valueOf(f.latencyNanos()) : null);
        }
        cpu(r, cols);
    }

    /**
     * Per node, from the cost model ({@code RunResult.cpuUsage}): {@code cpu.NODE.busyNanos} (CPU time
     * charged on all of its CPUs), {@code cpu.NODE.waitNanos} (time work waited for a busy CPU) and
     * {@code cpu.NODE.utilisation} (busy / (CPUs × the run's simulated span, trace time 0 to its end)),
     * nodes in name order. No columns under a wire-only profile (no CPU model).
     */
    static void cpu(RunResult r, LinkedHashMap<String, Object> cols) {
        for (java.util.Map.Entry<String, io.podnet.sim.cost.CpuUsage.Node> e : r.cpuUsage().nodes().entrySet()) {
            String p = "cpu." + e.getKey() + ".";
            io.podnet.sim.cost.CpuUsage.Node n = e.getValue();
            cols.put(p + "busyNanos", n.totalNanos());
            cols.put(p + "waitNanos", n.waitNanos());
            cols.put(p + "utilisation", n.utilisation(r.endNanos()));
        }
    }

    /** A grid value as a column: an integer as a long, a float as a double, anything else as written. */
    static Object gridValue(SweepSpec.Value v) {
        try {
            if (v.kind().equals("integer")) {
                return Long.parseLong(v.text());
            }
            if (v.kind().equals("float")) {
                return Double.parseDouble(v.text());
            }
        } catch (NumberFormatException e) {
            return v.text();
        }
        return v.text();
    }

    /** Nearest-rank percentile of sorted values, or null when there are none. */
    static Long rank(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String version() {
        String v = Podnet.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
