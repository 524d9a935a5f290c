package io.podnet.reports.compare;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.topology.model.ClusterPod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code podnet compare --kube-proxy MODE,...}: the scenario's own traffic run once per kube-proxy
 * mode (same file, same seed), and per traffic item whether the modes agree on the outcome, the
 * endpoint distribution (attempts per serving pod), the source address the server saw (SNAT) and
 * whether the client's source port reached the server unchanged. A mode the renderer lacks is
 * reported as not supported, not as a failure. Known upstream differences between the modes are
 * listed in docs/compare.md; this class only reports what the runs show.
 */
public final class ModeAgreement {
    private ModeAgreement() {}

    /** One traffic item under one mode. */
    public record ItemFacts(String outcome, Map<String, Integer> servedBy, String sources, String sourcePorts) {}

    /** One mode's run: {@code status} ok, not supported or failed (with why), and its items by name. */
    public record ModeRun(String mode, String status, String why, Map<String, ItemFacts> items) {}

    /** Runs {@code loaded} under each mode. */
    public static List<ModeRun> run(LoadedScenario loaded, List<String> modes, Long seed) {
        List<ModeRun> out = new ArrayList<>();
        for (String mode : modes) {
            RunResult r;
            try {
                r = Podnet.run(Podnet.withKubeProxy(loaded, mode), seed);
            } catch (ScenarioException e) {
                String why = Comparer.messages(e);
                out.add(new ModeRun(mode, Comparer.notYet(why) ? "not supported yet" : "failed", why, Map.of()));
                continue;
            }
            out.add(new ModeRun(mode, "ok", "", facts(r)));
        }
        return out;
    }

    static Map<String, ItemFacts> facts(RunResult r) {
        Map<String, List<FlowResult>> byItem = new LinkedHashMap<>();
        for (FlowResult f : r.flows()) {
            byItem.computeIfAbsent(f.traffic(), k -> new ArrayList<>()).add(f);
        }
        Map<String, String> netnsByPod = new LinkedHashMap<>();
        for (ClusterPod p : r.cluster().pods()) {
            netnsByPod.putIfAbsent(p.name(), p.netns());
        }
        Map<String, TraceEvent> firstAtServer = new LinkedHashMap<>();
        Map<String, String> serverNetnsByFlow = new LinkedHashMap<>();
        for (FlowResult f : r.flows()) {
            if (f.servedBy() != null) {
                serverNetnsByFlow.put(f.flow(), netnsByPod.get(f.servedBy()));
            }
        }
        for (TraceEvent e : r.trace()) {
            if (e.flow() != null && e.kind() == EventKind.RX && !firstAtServer.containsKey(e.flow())
                    && e.namespace().equals(serverNetnsByFlow.get(e.flow()))) {
                firstAtServer.put(e.flow(), e);
            }
        }
        Map<String, ItemFacts> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<FlowResult>> item : byItem.entrySet()) {
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<String, Integer> served = new TreeMap<>();
            java.util.Set<String> sources = new java.util.TreeSet<>();
            int kept = 0;
            int changed = 0;
            for (FlowResult f : item.getValue()) {
                outcomes.merge(f.outcome().text(), 1, Integer::sum);
                if (f.servedBy() != null) {
                    served.merge(f.servedBy(), 1, Integer::sum);
                }
                TraceEvent e = firstAtServer.get(f.flow());
                Packet p = e == null ? null : e.after() != null ? e.after() : e.before();
                Ipv4Header ip = p == null ? null : p.first(Ipv4Header.class);
                if (ip != null) {
                    sources.add(ip.src().toString());
                    int seen = sourcePort(p);
                    int sent = clientPort(r, f.flow());
                    if (seen >= 0 && sent >= 0) {
                        if (seen == sent) {
                            kept++;
                        } else {
                            changed++;
                        }
                    }
                }
            }
            String ports = kept + changed == 0 ? "-" : changed == 0 ? "kept" : kept == 0 ? "rewritten"
                    : kept + " kept, " + changed + " rewritten";
            out.put(item.getKey(), new ItemFacts(text(outcomes), served, sources.isEmpty() ? "-"
                    : String.join(" ", sources), ports));
        }
        return out;
    }

    /** The source port of the flow's first packet as the client sent it (its first SEND event). */
    private static int clientPort(RunResult r, String flow) {
        for (TraceEvent e : r.trace()) {
            if (flow.equals(e.flow()) && (e.kind() == EventKind.SEND || e.kind() == EventKind.TX)) {
                Packet p = e.after() != null ? e.after() : e.before();
                if (p != null && p.first(Ipv4Header.class) != null) {
                    return sourcePort(p);
                }
            }
        }
        return -1;
    }

    private static int sourcePort(Packet p) {
        TcpHeader t = p.first(TcpHeader.class);
        if (t != null) {
            return t.srcPort();
        }
        UdpHeader u = p.first(UdpHeader.class);
        if (u != null) {
            return u.srcPort();
        }
        SctpHeader s = p.first(SctpHeader.class);
        return s == null ? -1 : s.srcPort();
    }

    private static String text(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(counts.size() == 1 && v == 1 ? k : k + " x" + v));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** The agreement table as text. */
    public static String render(String file, List<ModeRun> runs) {
        StringBuilder sb = new StringBuilder("kube-proxy mode agreement: ").append(file).append('\n');
        for (ModeRun m : runs) {
            sb.append(String.format("  %-9s %s%s%n", m.mode(), m.status(), m.why().isEmpty() ? "" : ": " + m.why()));
        }
        List<ModeRun> ran = runs.stream().filter(m -> m.status().equals("ok")).toList();
        if (ran.isEmpty()) {
            return sb.append("no mode ran\n").toString();
        }
        List<String> items = new ArrayList<>(ran.get(0).items().keySet());
        for (String item : items) {
            sb.append('\n').append(item).append('\n');
            List<String> differ = new ArrayList<>();
            String[] fields = {"outcome", "served by", "source at server", "source port"};
            for (int i = 0; i < fields.length; i++) {
                java.util.Set<String> values = new java.util.LinkedHashSet<>();
                for (ModeRun m : ran) {
                    ItemFacts f = m.items().get(item);
                    String v = f == null ? "-" : value(f, i);
                    values.add(v);
                    sb.append(String.format("  %-17s %-9s %s%n", fields[i], m.mode(), v));
                }
                if (values.size() > 1) {
                    differ.add(fields[i]);
                }
            }
            sb.append("  agree: ").append(ran.size() < 2 ? "(one mode ran)" : differ.isEmpty() ? "yes"
                    : "no (" + String.join(", ", differ) + ")").append('\n');
        }
        return sb.toString();
    }

    private static String value(ItemFacts f, int field) {
        switch (field) {
            case 0:
                return f.outcome();
            case 1: {
                List<String> parts = new ArrayList<>();
                new TreeMap<>(f.servedBy()).forEach((k, v) -> parts.add(k + " x" + v));
                return parts.isEmpty() ? "-" : String.join(", ", parts);
            }
            case 2:
                return f.sources();
            default:
                return f.sourcePorts();
        }
    }

    /** Whether every mode either ran or is not supported yet (none failed). */
    public static boolean noneFailed(List<ModeRun> runs) {
        return runs.stream().noneMatch(m -> m.status().equals("failed"));
    }
}
