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

    /**
     * One field of one traffic item across the modes that ran.
     *
     * @param field  {@code outcome}, {@code served by}, {@code source at server} or {@code source port}
     * @param byMode the field's value under each mode, in mode order
     * @param agree  whether the modes agree: equal values; for the endpoint distribution also counts that
     *               a χ² test of homogeneity cannot tell apart (p &ge; 0.05), since each mode draws its
     *               endpoints at random
     * @param note   why the values are taken to agree though they differ, else empty
     */
    public record FieldAgreement(String field, Map<String, String> byMode, boolean agree, String note) {}

    /** One traffic item across the modes that ran; {@code comparable} is false when fewer than two ran. */
    public record ItemAgreement(String item, List<FieldAgreement> fields, boolean comparable) {
        public boolean agree() {
            return fields.stream().allMatch(FieldAgreement::agree);
        }

        /** The fields the modes disagree on. */
        public List<String> differing() {
            return fields.stream().filter(f -> !f.agree()).map(FieldAgreement::field).toList();
        }
    }

    /**
     * A difference between the modes that upstream kube-proxy has by design.
     *
     * @param id     a stable key
     * @param modes  the modes it concerns
     * @param text   what differs and what a run shows
     * @param source where upstream says so
     */
    public record KnownDifference(String id, String modes, String text, String source) {}

    /** The known upstream differences (docs/compare.md and docs/kube-proxy-modes.md say the same). */
    public static final List<KnownDifference> KNOWN_DIFFERENCES = List.of(
            new KnownDifference("endpoint-choice", "iptables, nftables, ipvs",
                    "each mode draws endpoints on its own: iptables with -m statistic --mode random, nftables with"
                            + " numgen random mod N, IPVS with its scheduler (rr by default); the same seed gives other"
                            + " endpoints per attempt, the distribution agrees",
                    "pkg/proxy/iptables/proxier.go, pkg/proxy/nftables/proxier.go, pkg/proxy/ipvs/proxier.go"),
            new KnownDifference("nodeport-localhost", "nftables, ipvs",
                    "NodePorts are not accepted on 127.0.0.1 (iptables mode accepts them with route_localnet): the"
                            + " nftables proxier matches only the nodeport-ips set",
                    "kube-proxy 1.29 changelog: nftables mode \"does not (and will not) support Service NodePorts on"
                            + " 127.0.0.1\""),
            new KnownDifference("unallocated-clusterip", "nftables",
                    "packets to an unallocated address of the service CIDR are dropped, to an unserved port of a"
                            + " ClusterIP rejected (cluster-ips-check); iptables mode lets them go on to routing",
                    "pkg/proxy/nftables/proxier.go: \"Drop traffic to unallocated ClusterIPs\", \"Reject traffic to"
                            + " invalid ports of ClusterIPs\""),
            new KnownDifference("firewall-before-dnat", "iptables, nftables",
                    "loadBalancerSourceRanges: nftables drops other sources before DNAT (firewall- chain at priority"
                            + " -110); iptables lets them fall through KUBE-FW- and drops them in KUBE-PROXY-FIREWALL"
                            + " (filter); the outcome agrees, the rule that drops differs",
                    "pkg/proxy/nftables/proxier.go, pkg/proxy/iptables/proxier.go"),
            new KnownDifference("ipvs-local-clusterips", "ipvs",
                    "IPVS binds every ClusterIP to kube-ipvs0, so the address is local on every node (it answers"
                            + " ping); new connections to a port no Service uses are rejected by KUBE-IPVS-FILTER"
                            + " (ICMP port unreachable), where iptables mode lets them go on to routing and times out",
                    "pkg/proxy/ipvs/proxier.go"),
            new KnownDifference("source-ports", "iptables, nftables, ipvs",
                    "every mode masquerades with fully-random port allocation where it SNATs, so rewritten source"
                            + " ports agree in kind, not in value",
                    "MASQUERADE --random-fully; nft masquerade fully-random"));

    private static final String[] FIELDS = {"outcome", "served by", "source at server", "source port"};

    /** Per traffic item, per field, the values of the modes that ran and whether they agree. */
    public static List<ItemAgreement> agreement(List<ModeRun> runs) {
        List<ModeRun> ran = runs.stream().filter(m -> m.status().equals("ok")).toList();
        List<ItemAgreement> out = new ArrayList<>();
        if (ran.isEmpty()) {
            return out;
        }
        for (String item : ran.get(0).items().keySet()) {
            List<FieldAgreement> fields = new ArrayList<>();
            for (int i = 0; i < FIELDS.length; i++) {
                Map<String, String> byMode = new LinkedHashMap<>();
                for (ModeRun m : ran) {
                    ItemFacts f = m.items().get(item);
                    byMode.put(m.mode(), f == null ? "-" : value(f, i));
                }
                boolean equal = new java.util.HashSet<>(byMode.values()).size() <= 1;
                String note = "";
                boolean agree = equal;
                if (!equal && i == 1) {
                    double p = homogeneity(ran, item);
                    if (p >= 0.05) {
                        agree = true;
                        note = String.format(java.util.Locale.ROOT, "counts differ as independent random choices do"
                                + " (chi-square homogeneity p=%.3f >= 0.05)", p);
                    }
                }
                fields.add(new FieldAgreement(FIELDS[i], byMode, agree, note));
            }
            out.add(new ItemAgreement(item, fields, ran.size() >= 2));
        }
        return out;
    }

    /**
     * The p-value of Pearson's χ² test of homogeneity (commons-math3) of the modes' serving-pod counts;
     * 0 when a mode served nothing while another did, 1 when every mode served from one pod.
     */
    static double homogeneity(List<ModeRun> ran, String item) {
        java.util.TreeSet<String> pods = new java.util.TreeSet<>();
        for (ModeRun m : ran) {
            ItemFacts f = m.items().get(item);
            if (f != null) {
                pods.addAll(f.servedBy().keySet());
            }
        }
        if (pods.size() < 2) {
            return pods.isEmpty() ? 1 : 0; // one pod: the values differ only if some mode served nothing
        }
        long[][] counts = new long[ran.size()][pods.size()];
        for (int r = 0; r < ran.size(); r++) {
            ItemFacts f = ran.get(r).items().get(item);
            long sum = 0;
            int c = 0;
            for (String pod : pods) {
                counts[r][c] = f == null ? 0 : f.servedBy().getOrDefault(pod, 0);
                sum += counts[r][c++];
            }
            if (sum == 0) {
                return 0;
            }
        }
        return new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquareTest(counts);
    }

    /** The agreement table as text. */
    public static String render(String file, List<ModeRun> runs) {
        StringBuilder sb = new StringBuilder("kube-proxy mode agreement: ").append(file).append('\n');
        for (ModeRun m : runs) {
            sb.append(String.format("  %-9s %s%s%n", m.mode(), m.status(), m.why().isEmpty() ? "" : ": " + m.why()));
        }
        List<ItemAgreement> items = agreement(runs);
        if (items.isEmpty() && runs.stream().noneMatch(m -> m.status().equals("ok"))) {
            return sb.append("no mode ran\n").toString();
        }
        for (ItemAgreement item : items) {
            sb.append('\n').append(item.item()).append('\n');
            List<String> notes = new ArrayList<>();
            for (FieldAgreement f : item.fields()) {
                f.byMode().forEach((mode, v) -> sb.append(String.format("  %-17s %-9s %s%n", f.field(), mode, v)));
                if (!f.note().isEmpty()) {
                    notes.add(f.field() + ": " + f.note());
                }
            }
            sb.append("  agree: ").append(!item.comparable() ? "(one mode ran)" : item.agree() ? "yes"
                    : "no (" + String.join(", ", item.differing()) + ")");
            if (item.comparable() && !notes.isEmpty()) {
                sb.append(" (").append(String.join("; ", notes)).append(')');
            }
            sb.append('\n');
        }
        sb.append("\nknown upstream differences between the modes (docs/compare.md):\n");
        for (KnownDifference k : KNOWN_DIFFERENCES) {
            sb.append("  - ").append(k.modes()).append(": ").append(k.text()).append('\n');
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
