package io.podnet.reports.run;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.topology.spec.CniSpec;
import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link RunReport} from a run and its expectation failures. */
public final class RunReports {
    private RunReports() {}

    public static RunReport of(RunResult r, List<ExpectationFailure> failures, String file) {
        var s = r.scenario();
        List<RunReport.NodeRow> nodes = new ArrayList<>();
        for (ClusterNode n : r.cluster().nodes()) {
            nodes.add(new RunReport.NodeRow(n.name(), n.address().toString(),
                    n.podCidr() == null ? "" : n.podCidr().toString(), r.cluster().podsOn(n.name()).size()));
        }
        List<RunReport.PodRow> pods = new ArrayList<>();
        for (ClusterPod p : r.cluster().pods()) {
            pods.add(new RunReport.PodRow(p.namespace(), p.name(), p.node(), p.ip() == null ? "" : p.ip().toString(),
                    p.hostNetwork()));
        }
        List<RunReport.ServiceRow> services = new ArrayList<>();
        for (ClusterService svc : r.cluster().services()) {
            List<String> ports = new ArrayList<>();
            for (ClusterServicePort sp : svc.ports()) {
                List<String> eps = new ArrayList<>();
                for (ServiceEndpoint ep : sp.endpoints()) {
                    eps.add(ep.text());
                }
                ports.add(sp.port() + "/" + sp.protocol() + " -> " + (eps.isEmpty() ? "(no endpoints)"
                        : String.join(", ", eps)));
            }
            services.add(new RunReport.ServiceRow(svc.namespace(), svc.name(), svc.type(),
                    svc.clusterIp() == null ? "None" : svc.clusterIp().toString(), ports));
        }

        Map<String, List<TraceEvent>> byFlow = new LinkedHashMap<>();
        for (TraceEvent e : r.trace()) {
            if (e.flow() != null) {
                byFlow.computeIfAbsent(e.flow(), k -> new ArrayList<>()).add(e);
            }
        }
        List<RunReport.FlowRow> flows = new ArrayList<>();
        for (FlowResult f : r.flows()) {
            TrafficItem t = s.trafficItem(f.traffic());
            List<TraceEvent> events = byFlow.getOrDefault(f.flow(), List.of());
            flows.add(new RunReport.FlowRow(f.traffic(), f.flow(), t == null ? "" : t.from().toString(),
                    t == null ? "" : t.to().toString(), t == null ? "" : t.protocol().text(), f.outcome().text(),
                    f.servedBy() == null ? "" : f.servedBy(), f.encapsulation().text(), tunnel(events), f.path(),
                    f.latencyNanos(), f.bytesSent(), f.bytesReceived(), f.detail() == null ? "" : f.detail(),
                    kubeProxyRules(events), ladder(events), hopTimes(events), netfilter(events)));
        }

        List<RunReport.ExpectationRow> expectations = new ArrayList<>();
        for (Expectation x : s.expectations()) {
            List<ExpectationFailure> mine = failures.stream().filter(f -> f.expectation().index() == x.index()).toList();
            expectations.add(new RunReport.ExpectationRow(x.index(), x.traffic(), x.location().toString(), checks(x),
                    mine));
        }
        return new RunReport(r.scenarioName(), s.description() == null ? "" : s.description(), file, r.seed(),
                cniName(s.cluster().cni()), s.cluster().kubeProxy().mode().text(), r.endNanos(), r.trace().size(), nodes,
                pods, services, flows, expectations);
    }

    /** The CNI design as a short name ({@code flannel-vxlan}, {@code calico}). */
    public static String cniName(CniSpec cni) {
        if (cni instanceof io.podnet.topology.spec.FlannelSpec f) {
            return "flannel-" + f.backend().text();
        }
        return cni instanceof io.podnet.topology.spec.CalicoSpec ? "calico" : cni == null ? "" : cni.designName();
    }

    /** What each given field of an expectation asks, as {@code field: value}. */
    static List<String> checks(Expectation x) {
        List<String> out = new ArrayList<>();
        if (x.outcome() != null) {
            out.add("outcome: " + x.outcome().text());
        }
        if (x.servedBy() != null) {
            out.add("servedBy: " + x.servedBy());
        }
        if (x.encapsulation() != null) {
            out.add("encapsulation: " + x.encapsulation().text());
        }
        if (x.path() != null) {
            out.add("path: " + String.join(" -> ", x.path()));
        }
        if (x.maxLatencyNanos() != null) {
            out.add("maxLatency: " + Durations.format(x.maxLatencyNanos()));
        }
        if (x.droppedBy() != null) {
            out.add("droppedBy: " + x.droppedBy());
        }
        return out;
    }

    /** The flow's first encapsulation, in one line. */
    static String tunnel(List<TraceEvent> events) {
        for (TraceEvent e : events) {
            if (e.kind() == EventKind.ENCAP && e.decision() instanceof Decision.Tunnel t) {
                StringBuilder sb = new StringBuilder(t.type());
                if (t.vni() > 0) {
                    sb.append(" vni ").append(t.vni());
                }
                if (t.port() > 0) {
                    sb.append(" udp/").append(t.port());
                }
                sb.append(' ').append(t.outerSrc()).append(" -> ").append(t.outerDst()).append(", +")
                        .append(t.overhead()).append(" B at ").append(e.location());
                return sb.toString();
            }
        }
        return "";
    }

    /** Each move of a packet between namespaces, and each drop, in trace order. */
    static List<RunReport.LadderHop> ladder(List<TraceEvent> events) {
        Map<Long, String> where = new LinkedHashMap<>();
        Map<Long, Long> lastTime = new LinkedHashMap<>();
        Map<Long, String> what = new LinkedHashMap<>();
        List<RunReport.LadderHop> out = new ArrayList<>();
        for (TraceEvent e : events) {
            long id = e.packetId();
            if (id < 0 || e.namespace() == null) {
                continue;
            }
            if (e.kind() == EventKind.SEND && !what.containsKey(id)) {
                what.put(id, packetName(e.explanation()));
            }
            String label = what.getOrDefault(id, "packet " + id);
            String prev = where.get(id);
            if (prev != null && !prev.equals(e.namespace())) {
                out.add(new RunReport.LadderHop(id, label, prev, e.namespace(), lastTime.get(id), e.time(), false));
            }
            if (e.kind() == EventKind.DROP) {
                out.add(new RunReport.LadderHop(id, label, e.namespace(), e.namespace(), e.time(), e.time(), true));
            }
            where.put(id, e.namespace());
            lastTime.put(id, e.time());
        }
        return out;
    }

    /** {@code TCP SYN} from {@code TCP SYN from 10.244.1.2:39948 to 10.96.0.10:80 (connect)}. */
    static String packetName(String explanation) {
        int from = explanation.indexOf(" from ");
        String s = from > 0 ? explanation.substring(0, from) : explanation;
        return s.length() > 40 ? s.substring(0, 39) + "…" : s;
    }

    /** The flow's first packet: time spent and CPU charged in each namespace it crossed, in order. */
    static List<RunReport.HopTime> hopTimes(List<TraceEvent> events) {
        long first = -1;
        for (TraceEvent e : events) {
            if (e.packetId() >= 0 && e.namespace() != null) {
                first = e.packetId();
                break;
            }
        }
        List<RunReport.HopTime> out = new ArrayList<>();
        String ns = null;
        long start = 0;
        long last = 0;
        long cpu = 0;
        for (TraceEvent e : events) {
            if (e.packetId() != first || e.namespace() == null) {
                continue;
            }
            if (!e.namespace().equals(ns)) {
                if (ns != null) {
                    out.add(new RunReport.HopTime(ns, e.time() - start, cpu));
                }
                ns = e.namespace();
                start = e.time();
                cpu = 0;
            }
            last = e.time();
            if (e.cpu() != null) {
                cpu += e.cpu().nanos();
            }
        }
        if (ns != null) {
            out.add(new RunReport.HopTime(ns, last - start, cpu));
        }
        return out;
    }

    /** Every netfilter rule that fired for a flow, each once, in the order they first fired. */
    static List<RunReport.RuleRow> netfilter(List<TraceEvent> events) {
        Set<String> seen = new LinkedHashSet<>();
        List<RunReport.RuleRow> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.kind() == EventKind.NETFILTER && e.decision() instanceof Decision.RuleHit h) {
                String key = e.namespace() + "|" + h.table() + "|" + h.chain() + "|" + h.ruleNumber();
                if (seen.add(key)) {
                    out.add(new RunReport.RuleRow(e.namespace(), h.table(), h.chain(), h.ruleNumber(), h.ruleText(),
                            h.verdict()));
                }
            }
        }
        return out;
    }

    /** The kube-proxy rules that fired for a flow: KUBE-* chains and the rules jumping into them. */
    static List<RunReport.RuleRow> kubeProxyRules(List<TraceEvent> events) {
        Set<String> seen = new LinkedHashSet<>();
        List<RunReport.RuleRow> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.kind() == EventKind.NETFILTER && e.decision() instanceof Decision.RuleHit h
                    && (h.chain().startsWith("KUBE-") || h.ruleText().contains("-j KUBE-"))) {
                String key = e.namespace() + "|" + h.table() + "|" + h.chain() + "|" + h.ruleNumber();
                if (seen.add(key)) {
                    out.add(new RunReport.RuleRow(e.namespace(), h.table(), h.chain(), h.ruleNumber(), h.ruleText(),
                            h.verdict()));
                }
            }
        }
        return out;
    }
}
