package io.podnet.dataplane;

import io.podnet.dataplane.traffic.Listener;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a scenario file into a {@link VerifyInput}: loads and simulates it ({@code Podnet.load},
 * {@code Podnet.run}), resolves each traffic item to the address and port the client dials, and
 * opens real servers exactly where the simulator opened its sockets.
 */
public final class ScenarioInput {
    private ScenarioInput() {}

    public static VerifyInput load(Path file, Long seed) {
        if (!Files.isRegularFile(file)) {
            throw new VerifyException(VerifyException.BAD_INPUT, file + ": no such file");
        }
        RunResult run;
        try {
            LoadedScenario s = Podnet.load(file);
            run = Podnet.run(s, seed);
        } catch (ScenarioException e) {
            StringBuilder sb = new StringBuilder("the scenario has errors:");
            for (Diagnostic d : e.errors()) {
                sb.append("\n  ").append(d.render());
            }
            throw new VerifyException(VerifyException.BAD_INPUT, sb.toString());
        } catch (RuntimeException e) {
            throw new VerifyException(VerifyException.BAD_INPUT, "the simulator could not run " + file + ": " + e.getMessage());
        }
        return fromRun(run);
    }

    /** The verification input of a finished simulator run. */
    public static VerifyInput fromRun(RunResult run) {
        Cluster cluster = run.cluster();
        List<TrafficItem> items = new ArrayList<>();
        Map<String, String> notCheckable = new LinkedHashMap<>();
        Map<String, List<String>> outcomes = new LinkedHashMap<>();
        Map<String, List<String>> served = new LinkedHashMap<>();
        Set<Listener> listeners = new LinkedHashSet<>();
        Map<String, String> netnsByPodName = new LinkedHashMap<>();
        for (ClusterPod p : cluster.pods()) {
            netnsByPodName.putIfAbsent(p.name(), p.netns());
        }
        for (io.podnet.scenarios.model.TrafficItem t : run.scenario().traffic()) {
            ClusterPod from = cluster.pod(t.from().namespace(), t.from().name());
            Ipv4Address dst = destination(t.to(), cluster);
            if (from == null || dst == null) {
                notCheckable.put(t.name(), "not checkable: " + t.to() + " has no address in this cluster");
                items.add(new TrafficItem(t.name(), t.protocol().text(), from == null ? "" : from.netns(),
                        Ipv4Address.ANY, 0, 0, 0, Math.max(1, t.count()), 0));
                continue;
            }
            // the Host header the simulator's HTTP client writes (scenarios' ScenarioRunner)
            String host = t.to().name() + (t.to().port() == 80 ? "" : ":" + t.to().port());
            items.add(new TrafficItem(t.name(), t.protocol().text(), from.netns(), dst, t.to().port(),
                    (int) Math.min(Integer.MAX_VALUE, t.requestBytes()), (int) Math.min(Integer.MAX_VALUE, t.responseBytes()),
                    Math.max(1, t.count()), t.intervalNanos() / 1_000_000,
                    host.matches("[A-Za-z0-9._:-]{1,260}") ? host : null));
            List<String> o = new ArrayList<>();
            List<String> sv = new ArrayList<>();
            for (FlowResult f : run.flowsOf(t.name())) {
                o.add(f.outcome().text());
                sv.add(f.servedBy() == null ? null : netnsByPodName.getOrDefault(f.servedBy(), f.servedBy()));
            }
            outcomes.put(t.name(), o);
            served.put(t.name(), sv);
            if (t.protocol() != Protocol.ICMP) {
                listeners.addAll(servers(t, cluster));
            }
        }
        return new VerifyInput(run.scenarioName(), run.network(), items, run.trace(), outcomes, notCheckable, served,
                new ArrayList<>(listeners));
    }

    /** Where the simulator listened for this item: the target pod, or each endpoint pod of the Service. */
    static List<Listener> servers(io.podnet.scenarios.model.TrafficItem t, Cluster cluster) {
        String proto = t.protocol() == Protocol.UDP ? "udp" : "tcp";
        List<Listener> out = new ArrayList<>();
        Target to = t.to();
        switch (to.kind()) {
            case POD: {
                ClusterPod p = cluster.pod(to.namespace(), to.name());
                if (p != null) {
                    out.add(new Listener(p.netns(), proto, to.port()));
                }
                break;
            }
            case SERVICE: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                ClusterServicePort sp = svc == null ? null : svc.port(to.port(), proto.toUpperCase(java.util.Locale.ROOT));
                if (sp != null) {
                    for (ServiceEndpoint ep : sp.endpoints()) {
                        ClusterPod p = cluster.podByIp(ep.ip());
                        if (p != null) {
                            out.add(new Listener(p.netns(), proto, ep.port()));
                        }
                    }
                }
                break;
            }
            case IP: {
                ClusterPod p = cluster.podByIp(Ipv4Address.parse(to.name()));
                if (p != null) {
                    out.add(new Listener(p.netns(), proto, to.port()));
                }
                break;
            }
            default:
                break;
        }
        return out;
    }

    private static Ipv4Address destination(Target to, Cluster cluster) {
        switch (to.kind()) {
            case POD: {
                ClusterPod p = cluster.pod(to.namespace(), to.name());
                return p == null ? null : p.ip();
            }
            case SERVICE: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                return svc == null || svc.headless() ? null : svc.clusterIp();
            }
            case IP:
                return Ipv4Address.parse(to.name());
            default:
                return null;
        }
    }
}
