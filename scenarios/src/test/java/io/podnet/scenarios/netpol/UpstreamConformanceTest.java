package io.podnet.scenarios.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.load.ScenarioLoader;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.netpol.NetpolModel.Case;
import io.podnet.scenarios.netpol.NetpolModel.Design;
import io.podnet.scenarios.netpol.NetpolModel.Phase;
import io.podnet.scenarios.netpol.NetpolModel.Step;
import io.podnet.scenarios.reachability.TruthTable;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.run.ScenarioRunner;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.sim.net.Ipv4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Upstream's NetworkPolicy e2e truth tables ({@link UpstreamCases}) reproduced by sending the packets:
 * each case, each of its phases, under Flannel VXLAN (+ Calico's policy agent) and Calico VXLAN, one
 * scenario per phase and design, one TCP/UDP attempt from every pod to every other pod on the case's
 * port. Every cell must agree with upstream's expectation; a failure prints both tables in upstream's
 * layout and names each differing cell and whether its pods share a node. The counts (cells, same-node,
 * cross-node) are printed at the end.
 */
class UpstreamConformanceTest {
    private static final Map<String, long[]> COUNTS = new LinkedHashMap<>();
    private static int cases;
    private static int skipped;

    @TestFactory
    Stream<DynamicTest> upstreamCases() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Case> all = new ArrayList<>(UpstreamCases.all());
        all.addAll(UpstreamCases.apiDerived());
        for (Case c : all) {
            for (Design d : Design.values()) {
                tests.add(DynamicTest.dynamicTest(d.cni + ": " + c.it(), () -> run(c, d)));
            }
        }
        return tests.stream();
    }

    static boolean sctpMatchEvaluates() {
        try {
            io.podnet.sim.netfilter.Ruleset.parse("*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p sctp -m sctp --dport 80"
                    + " -j ACCEPT\nCOMMIT\n");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean sctpTrafficExists() {
        for (io.podnet.scenarios.model.Protocol p : io.podnet.scenarios.model.Protocol.values()) {
            if (p.name().equals("SCTP")) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> substitutions(Design d) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String pod : NetpolModel.allPods()) {
            String ip = NetpolModel.ip(d, pod);
            s.put("${IP:" + pod + "}", ip);
            int first = Integer.parseInt(ip.substring(0, ip.indexOf('.')));
            s.put("${CIDR4:" + pod + "}", (first & 0xf0) + ".0.0.0/4"); // upstream's makeLargeCIDRForIP
        }
        return s;
    }

    static void run(Case c, Design d) throws Exception {
        if (c.protocols().contains(UpstreamCases.SCTP) && !sctpTrafficExists()) {
            synchronized (UpstreamConformanceTest.class) {
                skipped++;
            }
            Assumptions.assumeTrue(false, "NEEDS SCTP traffic in the simulator (sctp branch): " + c.it());
        }
        if (c.needsSctpMatch() && !sctpMatchEvaluates()) {
            synchronized (UpstreamConformanceTest.class) {
                skipped++;
            }
            Assumptions.assumeTrue(false, "NEEDS -m sctp in sim-core's evaluator (netfilter branch): " + c.it());
        }
        List<String> failures = new ArrayList<>();
        int p = 0;
        for (Phase phase : c.phases()) {
            String name = "netpol-" + d.cni + "-" + p++;
            String text = NetpolModel.scenario(name, c, phase, d, substitutions(d));
            Scenario s = ScenarioLoader.parse(text, name + ".yaml", Path.of("."), new Diagnostics());
            RunResult r = ScenarioRunner.run(s);
            Map<String, FlowResult> byName = new LinkedHashMap<>();
            for (FlowResult f : r.flows()) {
                byName.put(f.traffic(), f);
            }
            // The model's fixed addresses are what the cluster got (ipBlock cases rely on them).
            for (String pod : NetpolModel.allPods()) {
                assertEquals(Ipv4Address.parse(NetpolModel.ip(d, pod)),
                        r.cluster().pod(pod.substring(0, 1), pod.substring(2)).ip(), pod);
            }
            for (Step step : phase.steps()) {
                TruthTable observed = new TruthTable(NetpolModel.allPods(), null);
                for (String from : NetpolModel.allPods()) {
                    for (String to : NetpolModel.allPods()) {
                        if (from.equals(to)) {
                            continue;
                        }
                        FlowResult f = byName.get(NetpolModel.flowName(step, from, to));
                        observed.set(from, to, f.outcome() == Outcome.DELIVERED);
                        count(d.cni, NetpolModel.sameNode(from, to));
                    }
                }
                List<TruthTable.Difference> diffs = step.expected().differences(observed, true);
                if (!diffs.isEmpty()) {
                    StringBuilder sb = new StringBuilder(phase.label().isEmpty() ? "" : "[" + phase.label() + "] ")
                            .append(step.protocol()).append('/').append(step.port()).append(": ").append(diffs.size())
                            .append(" cells differ\n");
                    for (TruthTable.Difference x : diffs) {
                        FlowResult f = byName.get(NetpolModel.flowName(step, x.from(), x.to()));
                        sb.append("  ").append(x).append(NetpolModel.sameNode(x.from(), x.to()) ? " [same node] "
                                : " [cross node] ").append(f.detail()).append('\n');
                    }
                    sb.append("expected:\n").append(step.expected().prettyPrint("  ")).append("\nobserved:\n")
                            .append(observed.prettyPrint("  ")).append('\n');
                    failures.add(sb.toString());
                }
            }
        }
        synchronized (UpstreamConformanceTest.class) {
            cases++;
        }
        assertTrue(failures.isEmpty(), d.cni + ": " + c.it() + "\n" + String.join("\n", failures));
    }

    private static synchronized void count(String design, boolean sameNode) {
        long[] n = COUNTS.computeIfAbsent(design, k -> new long[2]);
        n[sameNode ? 0 : 1]++;
    }

    @AfterAll
    static void report() {
        long same = 0;
        long cross = 0;
        StringBuilder sb = new StringBuilder("upstream NetworkPolicy conformance: " + cases + " case runs ("
                + UpstreamCases.all().size() + " upstream + " + UpstreamCases.apiDerived().size() + " API-derived cases x " + Design.values().length + " designs, " + skipped
                + " skipped)");
        for (Map.Entry<String, long[]> e : COUNTS.entrySet()) {
            sb.append("; ").append(e.getKey()).append(": ").append(e.getValue()[0] + e.getValue()[1]).append(" cells (")
                    .append(e.getValue()[0]).append(" same-node, ").append(e.getValue()[1]).append(" cross-node)");
            same += e.getValue()[0];
            cross += e.getValue()[1];
        }
        sb.append("; total ").append(same + cross).append(" cells, ").append(same).append(" same-node, ").append(cross)
                .append(" cross-node");
        System.out.println(sb);
    }
}
