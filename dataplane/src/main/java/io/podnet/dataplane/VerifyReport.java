package io.podnet.dataplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podnet.dataplane.compare.Difference;
import io.podnet.dataplane.compare.FlowFacts;
import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.compare.Hop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code podnet verify}: one {@link FlowResult} per traffic item, rendered as a
 * side-by-side text report or as JSON ({@code --report}).
 *
 * @param realiseMs time to create the namespaces and let links settle
 * @param totalMs   wall time of the whole verification
 */
public record VerifyReport(String scenario, List<FlowResult> flows, List<String> warnings, long realiseMs,
                           long totalMs) {
    public VerifyReport {
        flows = List.copyOf(flows);
        warnings = List.copyOf(warnings);
    }

    /** True when every checkable flow agrees (flows this kernel cannot carry do not count against it). */
    public boolean agree() {
        return flows.stream().allMatch(f -> !f.checkable() || f.agree());
    }

    /** Exit status: 0 all agree, 1 something differs. */
    public int exitCode() {
        return agree() ? 0 : 1;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("podnet verify: ").append(scenario).append('\n');
        for (FlowResult f : flows) {
            sb.append('\n');
            if (!f.checkable()) {
                sb.append("~ ").append(f.name()).append(": not checkable on this kernel\n");
                f.notes().forEach(n -> sb.append("    ").append(n).append('\n'));
                continue;
            }
            sb.append(f.agree() ? "= " : "x ").append(f.name()).append(f.agree() ? ": kernel agrees" : ": kernel differs");
            if (f.firstDivergence() != null) {
                sb.append(" (first divergence at ").append(f.firstDivergence()).append(')');
            }
            sb.append('\n');
            FlowFacts s = f.simulated();
            FlowFacts k = f.kernel();
            row(sb, "", "simulator", "kernel");
            row(sb, "outcome", s.outcome() + " " + s.outcomes(), k.outcome() + " " + k.outcomes());
            row(sb, "served by", s.servedBy().toString(), k.servedBy().toString());
            row(sb, "nat", s.nat().toString(), k.nat().toString());
            row(sb, "mtu", s.mtu().isEmpty() ? "-" : s.mtu().toString(), k.mtu().isEmpty() ? "-" : k.mtu().toString());
            List<String> locs = new ArrayList<>();
            s.path().forEach(h -> locs.add(h.location()));
            k.path().forEach(h -> {
                if (!locs.contains(h.location())) {
                    locs.add(h.location());
                }
            });
            sb.append("  path (first packet of the request):\n");
            for (String loc : locs) {
                Hop sh = s.path().stream().filter(h -> h.location().equals(loc)).findFirst().orElse(null);
                Hop kh = k.path().stream().filter(h -> h.location().equals(loc)).findFirst().orElse(null);
                boolean bad = f.differences().stream().anyMatch(d -> loc.equals(d.where()));
                sb.append(bad ? "  ! " : "    ").append(pad(loc, 26)).append(pad(sh == null ? "-" : sh.describe(), 60))
                        .append(kh == null ? "-" : kh.describe()).append('\n');
            }
            for (Difference d : f.differences()) {
                sb.append("  difference: ").append(d.describe()).append('\n');
            }
            for (String n : f.notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
        }
        sb.append('\n');
        for (String w : warnings) {
            sb.append("warning: ").append(w).append('\n');
        }
        long agreeing = flows.stream().filter(FlowResult::agree).count();
        long unchecked = flows.stream().filter(f -> !f.checkable()).count();
        sb.append(agree() ? "AGREE" : "DIFFER").append(": ").append(agreeing).append(" of ").append(flows.size())
                .append(" flows agree");
        if (unchecked > 0) {
            sb.append(", ").append(unchecked).append(" not checkable on this kernel");
        }
        sb.append(" (namespaces ready in ").append(realiseMs).append(" ms, total ").append(totalMs).append(" ms)\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String a, String b) {
        sb.append("    ").append(pad(label, 26)).append(pad(a, 60)).append(b).append('\n');
    }

    private static String pad(String s, int w) {
        if (s.length() >= w) {
            return s + "  ";
        }
        return s + " ".repeat(w - s.length());
    }

    /** {@code {"scenario", "agree", "flows": [{"name", "agree", "simulated", "kernel", "differences"}]}}. */
    public String json() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("scenario", scenario);
        root.put("agree", agree());
        ArrayNode arr = root.putArray("flows");
        for (FlowResult f : flows) {
            ObjectNode o = arr.addObject();
            o.put("name", f.name());
            o.put("agree", f.agree());
            o.put("checkable", f.checkable());
            if (f.checkable()) {
                o.set("simulated", facts(m, f.simulated()));
                o.set("kernel", facts(m, f.kernel()));
            } else {
                o.putObject("simulated");
                o.putObject("kernel");
            }
            ArrayNode d = o.putArray("differences");
            for (Difference x : f.differences()) {
                ObjectNode dn = d.addObject();
                dn.put("aspect", x.aspect());
                if (x.where() == null) {
                    dn.putNull("where");
                } else {
                    dn.put("where", x.where());
                }
                dn.put("simulated", x.simulated());
                dn.put("kernel", x.kernel());
            }
            if (f.firstDivergence() == null) {
                o.putNull("firstDivergence");
            } else {
                o.put("firstDivergence", f.firstDivergence());
            }
            ArrayNode notes = o.putArray("notes");
            f.notes().forEach(notes::add);
        }
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        root.put("realiseMs", realiseMs);
        root.put("totalMs", totalMs);
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode facts(ObjectMapper m, FlowFacts f) {
        ObjectNode o = m.createObjectNode();
        o.put("outcome", f.outcome());
        ObjectNode oc = o.putObject("outcomes");
        f.outcomes().forEach(oc::put);
        ObjectNode sb = o.putObject("servedBy");
        for (Map.Entry<String, Integer> e : f.servedBy().entrySet()) {
            sb.put(e.getKey(), e.getValue());
        }
        if (f.pathEndpoint() == null) {
            o.putNull("pathEndpoint");
        } else {
            o.put("pathEndpoint", f.pathEndpoint());
        }
        ArrayNode path = o.putArray("path");
        for (Hop h : f.path()) {
            ObjectNode hn = path.addObject();
            hn.put("location", h.location());
            hn.put("src", h.src());
            hn.put("dst", h.dst());
            hn.put("dport", h.dport());
            hn.put("ttl", h.ttl());
            hn.put("length", h.length());
            if (h.tunnel() != null) {
                ObjectNode t = hn.putObject("encapsulation");
                t.put("type", h.tunnel().type());
                t.put("outerSrc", h.tunnel().src());
                t.put("outerDst", h.tunnel().dst());
                t.put("port", h.tunnel().port());
                t.put("vni", h.tunnel().vni());
                t.put("overhead", h.tunnel().overhead(h.length()));
            }
        }
        ArrayNode nat = o.putArray("nat");
        f.nat().forEach(nat::add);
        ArrayNode mtu = o.putArray("mtu");
        f.mtu().forEach(mtu::add);
        return o;
    }
}
