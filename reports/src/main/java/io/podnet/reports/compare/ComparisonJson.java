package io.podnet.reports.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A comparison as a stable JSON document ({@code "format": "podnet-compare/1"}): keys in a fixed
 * order, times in nanoseconds, rates in bits per second, sizes in bytes, {@code null} for a figure
 * the run did not produce (an undelivered flow has no latency). The same scenario and seed give the
 * same bytes.
 */
public final class ComparisonJson {
    public static final String FORMAT = "podnet-compare/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonJson() {}

    public static String render(Comparison c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("scenario", c.scenario());
        root.put("file", c.file());
        root.put("seed", c.seed());
        root.put("profile", c.profile());
        strings(root.putArray("workload"), c.workload());
        ArrayNode designs = root.putArray("designs");
        for (DesignResult d : c.designs()) {
            ObjectNode o = designs.addObject();
            o.put("design", d.design());
            o.put("status", d.status().text());
            if (d.metrics() == null) {
                o.put("message", d.message());
                continue;
            }
            metrics(o, d.metrics());
        }
        if (c.curve() == null) {
            root.putNull("newConnection");
        } else {
            ObjectNode nc = root.putObject("newConnection");
            nc.put("kubeProxyMode", c.curve().mode());
            nc.put("design", c.curve().design());
            ArrayNode pts = nc.putArray("points");
            for (Comparison.Point p : c.curve().points()) {
                ObjectNode po = pts.addObject();
                po.put("services", p.services());
                nanos(po, "connectNanos", p.nanos());
                po.put("rulesEvaluated", p.rules());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the comparison as JSON", e);
        }
    }

    private static void metrics(ObjectNode o, DesignMetrics m) {
        strings(o.putArray("tunnels"), m.tunnels());
        o.put("overheadBytes", m.overheadBytes());
        o.put("encapsulations", m.encapsulations());
        ObjectNode mtu = o.putObject("podMtu");
        mtu.put("min", m.podMtuMin());
        mtu.put("max", m.podMtuMax());
        o.put("underlayMtu", m.underlayMtu());
        flow(o, "request", m.request());
        flow(o, "warmRequest", m.warmRequest());
        if (m.bulk() == null) {
            o.putNull("bulk");
        } else {
            DesignMetrics.BulkFigures b = m.bulk();
            ObjectNode r = o.putObject("bulk");
            r.put("traffic", b.traffic());
            r.put("addedByCompare", b.added());
            r.put("from", b.from());
            r.put("to", b.to());
            r.put("outcome", b.outcome());
            r.put("bytes", b.bytes());
            nanos(r, "transferNanos", b.transferNanos());
            nanos(r, "goodputBitsPerSecond", b.goodputBitsPerSecond());
            DesignMetrics.Performance p = m.performance();
            if (p != null && p.single() != null) {
                cpu(r, p.single());
            }
        }
        DesignMetrics.Performance p = m.performance();
        if (p == null || p.rr() == null) {
            o.putNull("rr");
        } else {
            ObjectNode rr = o.putObject("rr");
            rr.put("traffic", p.rr().traffic());
            rr.put("count", p.rr().count());
            nanos(rr, "p50Nanos", p.rr().p50Nanos());
            nanos(rr, "p90Nanos", p.rr().p90Nanos());
            nanos(rr, "p99Nanos", p.rr().p99Nanos());
        }
        if (p == null || p.multi() == null) {
            o.putNull("streams");
        } else {
            ObjectNode st = o.putObject("streams");
            st.put("streams", p.multi().streams());
            st.put("bytes", p.multi().bytes());
            nanos(st, "transferNanos", p.multi().nanos());
            nanos(st, "goodputBitsPerSecond", p.multi().goodputBitsPerSecond());
            cpu(st, p.multi());
        }
        counts(o.putObject("routesPerNode"), m.routesPerNode());
        counts(o.putObject("fibEntriesPerNode"), m.fibPerNode());
        o.put("runtimeRouteChanges", m.runtimeRouteChanges());
        counts(o.putObject("bgpSessionsPerNode"), m.bgpSessionsPerNode());
        o.put("bgpSessionsTotal", m.bgpSessionsTotal());
        DesignMetrics.Convergence cv = m.convergence();
        ObjectNode c = o.putObject("convergence");
        c.put("kind", cv.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (cv.failedNode() == null) {
            c.putNull("failedNode");
        } else {
            c.put("failedNode", cv.failedNode());
        }
        nanos(c, "failedAtNanos", cv.failedAtNanos());
        nanos(c, "nanos", cv.nanos());
        c.put("routeChanges", cv.routeChanges());
        c.put("detail", cv.detail());
        ObjectNode s = o.putObject("subnets");
        strings(s.putArray("subnets"), m.subnets().subnets());
        s.put("probes", m.subnets().probes());
        s.put("crossed", m.subnets().crossed());
        s.put("allCrossed", m.subnets().allCrossed());
        ObjectNode t = o.putObject("traffic");
        t.put("delivered", m.delivered());
        t.put("attempts", m.attempts());
        ObjectNode e = o.putObject("expectations");
        e.put("held", m.expectationsHeld());
        e.put("total", m.expectations());
    }

    /** {@code cpu: {utilisationPerNode: {node: 0..1}, cpusPerNode, stepNanos: {step: ns}}}. */
    private static void cpu(ObjectNode o, DesignMetrics.StreamFigures f) {
        ObjectNode cpu = o.putObject("cpu");
        ObjectNode u = cpu.putObject("utilisationPerNode");
        f.cpuPerNode().forEach((k, v) -> u.put(k, Math.round(v * 10000) / 10000.0));
        counts(cpu.putObject("cpusPerNode"), f.cpusPerNode());
        ObjectNode steps = cpu.putObject("stepNanos");
        f.stepNanos().forEach(steps::put);
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void counts(ObjectNode o, Map<String, Integer> values) {
        values.forEach(o::put);
    }

    private static void flow(ObjectNode o, String key, DesignMetrics.FlowFigures f) {
        if (f == null) {
            o.putNull(key);
            return;
        }
        ObjectNode r = o.putObject(key);
        r.put("traffic", f.traffic());
        r.put("outcome", f.outcome());
        r.put("encapsulation", f.encapsulation());
        r.put("hops", f.hops());
        strings(r.putArray("path"), f.path());
        nanos(r, "latencyNanos", f.latencyNanos());
    }

    private static void nanos(ObjectNode o, String key, long value) {
        if (value < 0) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }
}
