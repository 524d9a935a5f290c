package io.podnet.reports.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podnet.scenarios.expect.ExpectationFailure;

/**
 * A run report as JSON ({@code "format": "podnet-report/1"}): keys in a fixed order, times in
 * nanoseconds ({@code null} when a flow was not delivered).
 */
public final class JsonReport {
    public static final String FORMAT = "podnet-report/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(RunReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("scenario", r.scenario());
        root.put("description", r.description());
        root.put("file", r.file());
        root.put("seed", r.seed());
        root.put("cni", r.cni());
        root.put("kubeProxy", r.kubeProxy());
        root.put("endNanos", r.endNanos());
        root.put("traceEvents", r.traceEvents());
        ArrayNode nodes = root.putArray("nodes");
        r.nodes().forEach(n -> {
            ObjectNode o = nodes.addObject();
            o.put("name", n.name());
            o.put("address", n.address());
            o.put("podCidr", n.podCidr());
            o.put("pods", n.pods());
        });
        ArrayNode pods = root.putArray("pods");
        r.pods().forEach(p -> {
            ObjectNode o = pods.addObject();
            o.put("namespace", p.namespace());
            o.put("name", p.name());
            o.put("node", p.node());
            o.put("ip", p.ip());
            o.put("hostNetwork", p.hostNetwork());
        });
        ArrayNode services = root.putArray("services");
        r.services().forEach(s -> {
            ObjectNode o = services.addObject();
            o.put("namespace", s.namespace());
            o.put("name", s.name());
            o.put("type", s.type());
            o.put("clusterIp", s.clusterIp());
            ArrayNode ports = o.putArray("ports");
            s.ports().forEach(ports::add);
        });
        ArrayNode flows = root.putArray("flows");
        r.flows().forEach(f -> {
            ObjectNode o = flows.addObject();
            o.put("traffic", f.traffic());
            o.put("flow", f.flow());
            o.put("from", f.from());
            o.put("to", f.to());
            o.put("protocol", f.protocol());
            o.put("outcome", f.outcome());
            o.put("servedBy", f.servedBy().isEmpty() ? null : f.servedBy());
            o.put("encapsulation", f.encapsulation());
            o.put("tunnel", f.tunnel());
            ArrayNode path = o.putArray("path");
            f.path().forEach(path::add);
            if (f.latencyNanos() >= 0) {
                o.put("latencyNanos", f.latencyNanos());
            } else {
                o.putNull("latencyNanos");
            }
            o.put("bytesSent", f.bytesSent());
            o.put("bytesReceived", f.bytesReceived());
            o.put("detail", f.detail());
            ArrayNode rules = o.putArray("kubeProxyRules");
            f.kubeProxyRules().forEach(k -> {
                ObjectNode ro = rules.addObject();
                ro.put("namespace", k.namespace());
                ro.put("table", k.table());
                ro.put("chain", k.chain());
                ro.put("number", k.number());
                ro.put("rule", k.rule());
                ro.put("verdict", k.verdict());
            });
        });
        ArrayNode expectations = root.putArray("expectations");
        r.expectations().forEach(x -> {
            ObjectNode o = expectations.addObject();
            o.put("index", x.index());
            o.put("traffic", x.traffic());
            o.put("location", x.location());
            ArrayNode checks = o.putArray("checks");
            x.checks().forEach(checks::add);
            o.put("held", x.held());
            ArrayNode failures = o.putArray("failures");
            for (ExpectationFailure f : x.failures()) {
                ObjectNode fo = failures.addObject();
                fo.put("field", f.field());
                fo.put("flow", f.flow());
                fo.put("location", f.location().toString());
                fo.put("expected", f.expected());
                fo.put("actual", f.actual());
                fo.put("detail", f.detail());
            }
        });
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }
}
