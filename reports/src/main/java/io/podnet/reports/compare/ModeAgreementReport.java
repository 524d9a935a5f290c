package io.podnet.reports.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The kube-proxy mode agreement ({@link ModeAgreement}) as JSON ({@code "format":
 * "podnet-compare-modes/1"}, keys in a fixed order, so the same scenario and seed give the same
 * bytes) and as one self-contained HTML page. Both hold what the text table holds: every mode's
 * status, per traffic item and field the value under each mode, whether the modes agree (and why
 * differing counts are taken to agree), and the known upstream differences.
 */
public final class ModeAgreementReport {
    public static final String FORMAT = "podnet-compare-modes/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModeAgreementReport() {}

    /** JSON field names of {@link ModeAgreement.FieldAgreement#field()}. */
    private static String key(String field) {
        return switch (field) {
            case "served by" -> "endpoints";
            case "source at server" -> "snat";
            case "source port" -> "sourcePorts";
            default -> field;
        };
    }

    public static String json(String file, Long seed, List<ModeAgreement.ModeRun> runs) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("file", file);
        if (seed == null) {
            root.putNull("seed");
        } else {
            root.put("seed", seed);
        }
        ArrayNode modes = root.putArray("modes");
        for (ModeAgreement.ModeRun m : runs) {
            ObjectNode o = modes.addObject();
            o.put("mode", m.mode());
            o.put("status", m.status());
            o.put("message", m.why());
        }
        ArrayNode flows = root.putArray("flows");
        for (ModeAgreement.ItemAgreement item : ModeAgreement.agreement(runs)) {
            ObjectNode f = flows.addObject();
            f.put("traffic", item.item());
            if (item.comparable()) {
                f.put("agree", item.agree());
            } else {
                f.putNull("agree");
            }
            ArrayNode differing = f.putArray("differing");
            item.differing().forEach(d -> differing.add(key(d)));
            ObjectNode fields = f.putObject("fields");
            for (ModeAgreement.FieldAgreement a : item.fields()) {
                ObjectNode o = fields.putObject(key(a.field()));
                ObjectNode by = o.putObject("byMode");
                a.byMode().forEach(by::put);
                if (key(a.field()).equals("endpoints")) {
                    ObjectNode counts = o.putObject("countsByMode");
                    for (ModeAgreement.ModeRun m : runs) {
                        ModeAgreement.ItemFacts facts = m.items().get(item.item());
                        if (m.status().equals("ok") && facts != null) {
                            ObjectNode c = counts.putObject(m.mode());
                            new java.util.TreeMap<>(facts.servedBy()).forEach(c::put);
                        }
                    }
                }
                o.put("agree", a.agree());
                o.put("note", a.note());
            }
        }
        ArrayNode known = root.putArray("knownDifferences");
        for (ModeAgreement.KnownDifference k : ModeAgreement.KNOWN_DIFFERENCES) {
            ObjectNode o = known.addObject();
            o.put("id", k.id());
            o.put("modes", k.modes());
            o.put("text", k.text());
            o.put("source", k.source());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the mode agreement as JSON", e);
        }
    }

    public static String html(String file, List<ModeAgreement.ModeRun> runs) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + "podnet compare --kube-proxy: ").append(esc(file)).append("</title>\n<style>body{font-family:sans-serif;"
                + "margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
                + "padding:.3em .6em;text-align:left;vertical-align:top}.no{background:#fdd}.yes{background:#dfd}"
                + "</style></head><body>\n<h1>kube-proxy mode agreement</h1>\n<p>").append(esc(file)).append("</p>\n");
        b.append("<table><tr><th>mode</th><th>status</th><th>message</th></tr>\n");
        for (ModeAgreement.ModeRun m : runs) {
            b.append("<tr><td>").append(esc(m.mode())).append("</td><td>").append(esc(m.status())).append("</td><td>")
                    .append(esc(m.why())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        List<ModeAgreement.ModeRun> ran = runs.stream().filter(m -> m.status().equals("ok")).toList();
        for (ModeAgreement.ItemAgreement item : ModeAgreement.agreement(runs)) {
            String verdict = !item.comparable() ? "one mode ran" : item.agree() ? "agree"
                    : "differ: " + String.join(", ", item.differing());
            b.append("<h2>").append(esc(item.item())).append(" <small class=\"").append(item.agree() ? "yes" : "no")
                    .append("\">").append(esc(verdict)).append("</small></h2>\n<table><tr><th>field</th>");
            for (ModeAgreement.ModeRun m : ran) {
                b.append("<th>").append(esc(m.mode())).append("</th>");
            }
            b.append("<th>agree</th></tr>\n");
            for (ModeAgreement.FieldAgreement a : item.fields()) {
                b.append("<tr class=\"").append(a.agree() ? "yes" : "no").append("\"><td>").append(esc(a.field()))
                        .append("</td>");
                for (Map.Entry<String, String> e : a.byMode().entrySet()) {
                    b.append("<td>").append(esc(e.getValue())).append("</td>");
                }
                b.append("<td>").append(a.agree() ? "yes" : "no").append(a.note().isEmpty() ? "" : " (" + esc(a.note()) + ")")
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<h2>Known upstream differences between the modes</h2>\n<ul>\n");
        for (ModeAgreement.KnownDifference k : ModeAgreement.KNOWN_DIFFERENCES) {
            b.append("<li><b>").append(esc(k.modes())).append("</b>: ").append(esc(k.text())).append(" <i>(")
                    .append(esc(k.source())).append(")</i></li>\n");
        }
        return b.append("</ul>\n</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
