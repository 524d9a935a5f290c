package io.podnet.dataplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podnet.dataplane.bgp.BgpCheck;
import io.podnet.dataplane.bgp.KernelRoute;
import io.podnet.dataplane.bgp.RouteDiff;
import io.podnet.dataplane.compare.Difference;
import io.podnet.dataplane.compare.FlowFacts;
import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.compare.FlowTiming;
import io.podnet.dataplane.compare.Hop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@code podnet verify}: one {@link FlowResult} per traffic item, rendered as a
 * side-by-side text report or as JSON ({@code --report}).
 *
 * @param realiseMs time to create the namespaces and let links settle
 * @param totalMs   wall time of the whole verification
 */
public record VerifyReport(String scenario, List<FlowResult> flows, List<String> warnings, long realiseMs,
                           long totalMs, BgpCheck bgp, Map<String, FlowTiming> timings) {
    public VerifyReport {
        flows = List.copyOf(flows);
        warnings = List.copyOf(warnings);
        timings = timings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
    }

    public VerifyReport(String scenario, List<FlowResult> flows, List<String> warnings, long realiseMs, long totalMs,
                        BgpCheck bgp) {
        this(scenario, flows, warnings, realiseMs, totalMs, bgp, Map.of());
    }

    public VerifyReport(String scenario, List<FlowResult> flows, List<String> warnings, long realiseMs, long totalMs) {
        this(scenario, flows, warnings, realiseMs, totalMs, null);
    }

    /**
     * True when every checkable flow agrees (flows this kernel cannot carry do not count against it)
     * and, for BGP designs, BIRD installed the same routes as the simulated BGP.
     */
    public boolean agree() {
        return flows.stream().allMatch(f -> !f.checkable() || f.agree()) && (bgp == null || bgp.agree());
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
        if (bgp != null) {
            bgpText(sb, bgp);
        }
        timingText(sb, timings);
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

    /**
     * Where the simulator's time is off: per flow, the kernel's latency and the simulator's (same
     * observation point, first attempt), their ratio, and each flow's ratio relative to the first
     * flow's (how much more one path is off than another). Never a pass or a fail.
     */
    static void timingText(StringBuilder sb, Map<String, FlowTiming> timings) {
        if (timings.isEmpty()) {
            return;
        }
        sb.append("\ntime: kernel vs simulator (first attempt, at the client's interface, less the server's own time at its"
                + " interface; a report, not a verdict)\n");
        sb.append(String.format(Locale.ROOT, "    %-28s %-26s %12s %12s %10s %10s%n", "flow", "observed at", "kernel",
                "simulated", "kernel/sim", "vs first"));
        double first = Double.NaN;
        for (Map.Entry<String, FlowTiming> e : timings.entrySet()) {
            FlowTiming t = e.getValue();
            double r = t.ratio();
            if (Double.isNaN(first) && !Double.isNaN(r)) {
                first = r;
            }
            sb.append(String.format(Locale.ROOT, "    %-28s %-26s %12s %12s %10s %10s%n", e.getKey(), t.at(),
                    micros(t.kernelNanos()), micros(t.simNanos()), Double.isNaN(r) ? "-" : String.format(Locale.ROOT,
                            "%.2fx", r), Double.isNaN(r) || Double.isNaN(first) ? "-" : String.format(Locale.ROOT, "%.2fx",
                            r / first)));
        }
        double worst = Double.NaN;
        String worstName = null;
        for (Map.Entry<String, FlowTiming> e : timings.entrySet()) {
            double r = e.getValue().ratio();
            if (!Double.isNaN(r) && (worstName == null || Math.abs(Math.log(r)) > Math.abs(Math.log(worst)))) {
                worst = r;
                worstName = e.getKey();
            }
        }
        if (worstName != null) {
            sb.append(String.format(Locale.ROOT, "    the simulator is furthest off on %s: the kernel took %.2fx the"
                    + " simulated time%n", worstName, worst));
        }
    }

    /**
     * Designs verified side by side: per flow, each design's kernel/simulated ratio and that ratio
     * divided by the first design's (1.00x: the simulator is off by the same factor on both paths, so
     * the comparison between the designs holds even where the absolute times do not).
     */
    public static String sideBySide(Map<String, VerifyReport> byDesign, String profile) {
        StringBuilder sb = new StringBuilder();
        List<String> designs = new ArrayList<>(byDesign.keySet());
        sb.append("\ntime side by side (cost profile '").append(profile).append("'; kernel/simulated per design, and"
                + " that ratio over the first design's)\n");
        sb.append(String.format(Locale.ROOT, "    %-28s", "flow"));
        for (String d : designs) {
            sb.append(String.format(Locale.ROOT, " %-24s", d));
        }
        sb.append('\n');
        java.util.Set<String> flows = new java.util.LinkedHashSet<>();
        byDesign.values().forEach(r -> flows.addAll(r.timings().keySet()));
        for (String f : flows) {
            sb.append(String.format(Locale.ROOT, "    %-28s", f));
            FlowTiming base = byDesign.get(designs.get(0)).timings().get(f);
            for (String d : designs) {
                FlowTiming t = byDesign.get(d).timings().get(f);
                double r = t == null ? Double.NaN : t.ratio();
                double rr = base == null || Double.isNaN(base.ratio()) ? Double.NaN : r / base.ratio();
                sb.append(String.format(Locale.ROOT, " %-24s", Double.isNaN(r) ? "-" : String.format(Locale.ROOT,
                        "%.2fx (%.2fx)", r, rr)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String micros(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1fus", nanos / 1000.0);
    }

    private static void bgpText(StringBuilder sb, BgpCheck b) {
        sb.append('\n').append(b.agree() ? "= " : "x ").append("BGP routes: BIRD 2 in ").append(b.nodes().size())
                .append(" namespaces against ").append(b.source()).append('\n');
        sb.append("    sessions Established after ").append(b.establishedMs() < 0 ? "(never)" : b.establishedMs() + " ms")
                .append(", kernel tables settled ").append(b.routesMs()).append(" ms later; simulated: last route change at ")
                .append(String.format(Locale.ROOT, "%.1f ms", b.simulatedNanos() / 1e6)).append('\n');
        for (RouteDiff d : b.nodes()) {
            routeDiff(sb, d);
        }
        for (String n : b.notes()) {
            sb.append("  note: ").append(n).append('\n');
        }
        BgpCheck.Convergence c = b.convergence();
        if (c != null) {
            sb.append(c.agree() ? "= " : "x ").append("convergence after ").append(c.node()).append(" fails (hold ")
                    .append(c.holdSeconds()).append(" s, keepalive ").append(c.keepaliveSeconds()).append(" s)\n");
            row(sb, "", "simulator", "kernel (BIRD)");
            row(sb, "all peers withdrew", c.simulatedMs() < 0 ? "never" : String.format(Locale.ROOT, "%.1f ms", c.simulatedMs()),
                    c.measuredMs() < 0 ? "not in time" : c.measuredMs() + " ms");
            for (String peer : new java.util.TreeSet<>(c.measuredPerPeer().keySet())) {
                Double sv = c.simulatedPerPeer().get(peer);
                row(sb, "  " + peer, sv == null ? "-" : sv < 0 ? "never" : String.format(Locale.ROOT, "%.1f ms", sv),
                        c.measuredPerPeer().get(peer) < 0 ? "not in time" : c.measuredPerPeer().get(peer) + " ms");
            }
            sb.append("    failure: ").append(c.semantics()).append('\n');
            for (RouteDiff d : c.after()) {
                if (!d.agree()) {
                    sb.append("  after the failure:\n");
                    routeDiff(sb, d);
                }
            }
        }
    }

    private static void routeDiff(StringBuilder sb, RouteDiff d) {
        sb.append(d.agree() ? "    = " : "    x ").append(pad(d.node(), 22)).append(d.same().size()).append(" same, ")
                .append(d.missing().size()).append(" missing, ").append(d.extra().size()).append(" extra\n");
        for (KernelRoute r : d.same()) {
            sb.append("          same     ").append(r.text()).append('\n');
        }
        for (KernelRoute r : d.missing()) {
            sb.append("        ! missing  ").append(r.text()).append("   (simulator installed it, BIRD did not)\n");
        }
        for (KernelRoute r : d.extra()) {
            sb.append("        ! extra    ").append(r.text()).append("   (BIRD installed it, the simulator did not)\n");
        }
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
        if (bgp != null) {
            root.set("bgp", bgpJson(m, bgp));
        }
        ObjectNode time = root.putObject("timing");
        for (Map.Entry<String, FlowTiming> e : timings.entrySet()) {
            ObjectNode t = time.putObject(e.getKey());
            t.put("at", e.getValue().at());
            t.put("kernelNanos", e.getValue().kernelNanos());
            t.put("simulatedNanos", e.getValue().simNanos());
            double r = e.getValue().ratio();
            if (Double.isNaN(r)) {
                t.putNull("ratio");
            } else {
                t.put("ratio", r);
            }
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

    private static ObjectNode bgpJson(ObjectMapper m, BgpCheck b) {
        ObjectNode o = m.createObjectNode();
        o.put("agree", b.agree());
        o.put("source", b.source());
        o.put("establishedMs", b.establishedMs());
        o.put("routesMs", b.routesMs());
        o.put("simulatedConvergedMs", b.simulatedNanos() / 1e6);
        ArrayNode nodes = o.putArray("nodes");
        for (RouteDiff d : b.nodes()) {
            nodes.add(diffJson(m, d));
        }
        ArrayNode notes = o.putArray("notes");
        b.notes().forEach(notes::add);
        BgpCheck.Convergence c = b.convergence();
        if (c == null) {
            o.putNull("convergence");
        } else {
            ObjectNode cn = o.putObject("convergence");
            cn.put("node", c.node());
            cn.put("agree", c.agree());
            cn.put("semantics", c.semantics());
            cn.put("holdSeconds", c.holdSeconds());
            cn.put("keepaliveSeconds", c.keepaliveSeconds());
            cn.put("simulatedMs", c.simulatedMs());
            cn.put("measuredMs", c.measuredMs());
            ObjectNode sp = cn.putObject("simulatedPerPeerMs");
            new java.util.TreeMap<>(c.simulatedPerPeer()).forEach(sp::put);
            ObjectNode mp = cn.putObject("measuredPerPeerMs");
            new java.util.TreeMap<>(c.measuredPerPeer()).forEach(mp::put);
            ArrayNode after = cn.putArray("after");
            for (RouteDiff d : c.after()) {
                after.add(diffJson(m, d));
            }
        }
        return o;
    }

    private static ObjectNode diffJson(ObjectMapper m, RouteDiff d) {
        ObjectNode n = m.createObjectNode();
        n.put("node", d.node());
        n.put("agree", d.agree());
        ArrayNode same = n.putArray("same");
        d.same().forEach(r -> same.add(r.text()));
        ArrayNode missing = n.putArray("missing");
        d.missing().forEach(r -> missing.add(r.text()));
        ArrayNode extra = n.putArray("extra");
        d.extra().forEach(r -> extra.add(r.text()));
        return n;
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
