package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CpuModel;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.run.AssembledNetwork;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.app.PingClientApp;
import io.podnet.sim.socket.app.SctpClientApp;
import io.podnet.sim.socket.app.SctpServerApp;
import io.podnet.sim.socket.app.TcpClientApp;
import io.podnet.sim.socket.app.TcpReply;
import io.podnet.sim.socket.app.TcpServerApp;
import io.podnet.sim.socket.app.TrafficClient;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.socket.app.UdpClientApp;
import io.podnet.sim.socket.app.UdpServerApp;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a scenario: builds and renders the cluster (topology), realises the rendered configuration
 * in the simulator with each namespace's iptables rules and a socket layer, starts a server on
 * every port the traffic targets (in the target pod, or in every endpoint pod of a Service), starts
 * each traffic attempt at its time, runs the engine past the last deadline and derives each
 * attempt's {@link FlowResult} from the applications and the trace.
 *
 * <p>Random streams (all from the scenario seed): {@code sockets/NAMESPACE} per socket layer,
 * {@code netfilter/NAMESPACE} per netfilter, plus whatever the network and topology draw under
 * their own names.
 */
public final class ScenarioRunner {
    /** Simulated time allowed after the last deadline for closing handshakes to finish. */
    static final long DRAIN_NANOS = 1_000_000;

    private ScenarioRunner() {}

    /**
     * Every check {@link #run} makes before it sends traffic (the cluster build: rendering, IPAM,
     * BGP peers, pod addresses, node ports; the pods and Services traffic and events name), without
     * running anything: what {@code podnet validate} runs, so that a file it accepts never fails
     * with bad input in {@code run}.
     */
    public static void check(Scenario s) throws ScenarioException {
        build(s, s.clusterSpec());
    }

    /** Runs under the shipped default cost profile. */
    public static RunResult run(Scenario s) throws ScenarioException {
        return run(s, CostProfile.defaults());
    }

    /**
     * Runs under {@code profile}: each node's kernel gets {@code cluster.nodes[].cpus} CPUs (else the
     * profile's cpusPerNode) and every step charges its cost ({@code CostProfile.wireOnly()}: wire
     * time only).
     */
    public static RunResult run(Scenario s, CostProfile profile) throws ScenarioException {
        return run(s, profile, RunObservation.RECORD);
    }

    /**
     * Runs under {@code profile}, feeding {@code observation}'s listeners as the trace is produced and
     * keeping the trace only when it asks to record it; the flow results and expectations come from
     * streaming observers either way.
     */
    public static RunResult run(Scenario s, CostProfile profile, RunObservation observation) throws ScenarioException {
        io.podnet.topology.spec.ClusterSpec spec = s.clusterSpec();
        Built b = build(s, spec);
        return simulate(s, spec, b.rc(), b.rc().cluster(), b.states(), profile, observation);
    }

    /**
     * The network a run of {@code s} simulates (the rendered configuration, with the scenario's
     * external hosts), without simulating: what a viewer of a trace written earlier draws.
     */
    public static io.podnet.sim.config.NetworkConfig network(Scenario s) throws ScenarioException {
        return build(s, s.clusterSpec()).rc().network();
    }

    /** Renders the cluster and checks what traffic and events name; every problem at its position. */
    private static Built build(Scenario s, io.podnet.topology.spec.ClusterSpec spec)
            throws ScenarioException {
        RenderedCluster rc;
        try {
            rc = ClusterRenderer.render(spec, s.seed());
        } catch (TopologyException e) {
            throw new ScenarioException(TopologyErrors.diagnostic(s, e));
        }
        rc = ExternalHosts.attach(rc, s); // cluster.external: hosts outside the cluster on the underlay
        Cluster cluster = rc.cluster();
        List<Diagnostic> problems = new ArrayList<>();
        for (TrafficItem t : s.traffic()) {
            if (t.from().kind() == io.podnet.scenarios.model.Endpoint.Kind.NODE && cluster.node(t.from().name()) == null) {
                problems.add(Diagnostic.error(t.from().location(), "traffic " + t.name() + " starts from node "
                        + t.from().name() + ", which the cluster does not have"));
            }
            if (!t.from().pod() && t.to().kind() == Target.Kind.DNS) {
                problems.add(Diagnostic.error(t.to().location(), "traffic " + t.name() + " resolves a name from "
                        + t.from() + "; only pods use the cluster DNS here. Target service/NAMESPACE/NAME:PORT instead"));
            }
            if (t.from().pod() && cluster.pod(t.from().namespace(), t.from().name()) == null) {
                problems.add(Diagnostic.error(t.from().location(), "traffic " + t.name() + " starts from pod "
                        + t.from().name() + ", which the cluster does not have; pods are: " + podList(cluster)));
            }
            if (t.to().kind() == Target.Kind.POD && cluster.pod(t.to().namespace(), t.to().name()) == null) {
                problems.add(Diagnostic.error(t.to().location(), "traffic " + t.name() + " goes to pod "
                        + t.to().name() + ", which the cluster does not have; pods are: " + podList(cluster)));
            }
        }
        for (ScenarioEvent e : s.events()) {
            if (e.action() == ScenarioEvent.Action.DELETE && e.kind().equals("pod")
                    && cluster.pod(e.namespace(), e.name()) == null) {
                problems.add(Diagnostic.error(e.targetLocation(), "event delete names pod " + e.name()
                        + ", which the cluster does not have; pods are: " + podList(cluster)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        // the cluster's objects after each apply and delete, checked before anything runs
        List<io.podnet.topology.build.ClusterObjects> states = EventPlayer.states(rc, s.events());
        List<Cluster> clusters = new ArrayList<>(List.of(cluster)); // a Service an event applies counts too
        states.forEach(st -> clusters.add(st.cluster()));
        for (TrafficItem t : s.traffic()) {
            if (t.to().kind() == Target.Kind.SERVICE || t.to().kind() == Target.Kind.IP) {
                try {
                    destination(t.to(), clusters);
                } catch (ScenarioException e) {
                    problems.addAll(e.diagnostics());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return new Built(rc, states);
    }

    /** The rendered cluster and its objects after each apply and delete event. */
    private record Built(RenderedCluster rc, List<io.podnet.topology.build.ClusterObjects> states) {}

    private static RunResult simulate(Scenario s, io.podnet.topology.spec.ClusterSpec spec, RenderedCluster rc,
                                      Cluster cluster, List<io.podnet.topology.build.ClusterObjects> states,
                                      CostProfile profile, RunObservation observation) throws ScenarioException {
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        CpuModel cpus = new CpuModel(profile == null ? CostProfile.defaults() : profile, engine);
        for (io.podnet.topology.spec.NodeSpec n : s.cluster().nodes()) {
            if (n.cpus() > 0) {
                cpus.setCpus(n.name(), n.cpus());
            }
        }
        tracer.setCpuModel(cpus);
        // Observation: streaming observers always (flow facts; the event count), then what the caller asked for.
        Map<String, String> podByNetns = new LinkedHashMap<>();
        Map<String, String> namespaceByNetns = new LinkedHashMap<>();
        for (ClusterPod p : cluster.pods()) {
            if (!p.hostNetwork()) {
                podByNetns.put(p.netns(), p.name());
                namespaceByNetns.put(p.netns(), p.namespace());
            }
        }
        TraceAnalysis analysis = new TraceAnalysis(podByNetns.keySet());
        tracer.addListener(analysis);
        long eventsBefore = tracer.emitted(); // the count covers the events emitted from here on
        TraceRecorder recorder = null;
        if (observation.record()) {
            recorder = new TraceRecorder();
            tracer.addListener(recorder);
        }
        observation.listeners().forEach(tracer::addListener);

        SeededRandoms randoms = new SeededRandoms(s.seed());
        cpus.setRandoms(randoms); // charges vary only when the profile says so (CostProfile.variation)
        AssembledNetwork assembled = AssembledNetwork.assemble(rc.network(), engine, tracer, randoms);
        SimNetwork net = assembled.network();
        Map<String, SocketLayer> sockets = assembled.sockets();

        // A BGP design starts converged, as a running cluster is: the speakers come up first (Calico's
        // BIRD timers: connect after 2 s), and scenario time 0 is when their routes have settled.
        io.podnet.sim.stack.bgp.BgpRuntime bgp = assembled.startBgp();
        long t0 = bgp == null ? 0 : warmUp(engine, bgp);
        List<Cluster> clusters = new ArrayList<>(List.of(cluster)); // as built, then after each event
        states.forEach(st -> clusters.add(st.cluster()));
        // CoreDNS first: a udp item to port 53 of a CoreDNS pod reaches the DNS server, as it would
        // in a cluster (which answers what it cannot read with FORMERR), not a second listener.
        DnsTraffic dns = DnsTraffic.start(cluster, sockets, engine, randoms, analysis);
        startServers(s, clusters, sockets);
        EventPlayer player = null;
        if (!s.events().isEmpty()) {
            player = new EventPlayer(rc, net, assembled.netfilters(), bgp, t0);
            player.schedule(s.events(), states);
        }
        List<Attempt> attempts = new ArrayList<>();
        long lastDeadline = 0;
        for (TrafficItem t : s.traffic()) {
            ClusterPod from = t.from().pod() ? cluster.pod(t.from().namespace(), t.from().name()) : null;
            String clientNetns = from != null ? from.netns() : t.from().name(); // a node's or external host's namespace
            Ipv4Address dst = t.to().kind() == Target.Kind.DNS ? null : destination(t.to(), clusters); // policy helper
            for (int i = 0; i < t.count(); i++) {
                Attempt a = new Attempt(t, i, clientNetns);
                attempts.add(a);
                analysis.track(a.flow, clientNetns);
                long at = t0 + t.atNanos() + i * t.intervalNanos();
                lastDeadline = Math.max(lastDeadline, at + t.timeoutNanos());
                SocketLayer layer = sockets.get(clientNetns);
                if (dst == null) { // policy helper: dns/ targets resolve first, in the client pod
                    engine.at(at, () -> dns.lookup(a, from, layer, ip -> startClient(a, layer, ip, engine)));
                    continue;
                }
                engine.at(at, () -> startClient(a, layer, dst, engine));
            }
        }
        engine.runUntil(lastDeadline + DRAIN_NANOS);

        List<FlowResult> flows = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.outcome == null) {
                TraceEvent drop = analysis.firstDrop(a.flow);
                if (drop != null && a.start >= 0 && drop.time() > a.start + a.item.timeoutNanos()) {
                    drop = null; // after the client gave up: it saw a timeout
                }
                a.fail(drop != null ? Outcome.DROPPED : Outcome.TIMEOUT, drop != null
                        ? "dropped at " + drop.location() + TraceAnalysis.dropReasonText(drop) + ": "
                        + TraceAnalysis.dropCause(drop)
                        : "no answer within " + io.podnet.sim.engine.Durations.format(a.item.timeoutNanos()));
            }
            String servedNetns = analysis.servedBy(a.flow);
            flows.add(new FlowResult(a.item.name(), a.flow, a.index, a.outcome,
                    servedNetns == null ? null : podByNetns.get(servedNetns), analysis.encapsulation(a.flow),
                    analysis.requestPath(a.flow), a.start,
                    a.outcome == Outcome.DELIVERED ? a.end - a.start : -1, a.sent, a.received, a.detail,
                    servedNetns == null ? null : namespaceByNetns.get(servedNetns)));
        }
        return new RunResult(s.name(), s.seed(), s, rc.network(), cluster, recorder == null ? null : recorder.events(),
                flows, engine.now(), player == null ? List.of() : player.reloads(), t0, cpus.profile(), cpus.usage(),
                tracer.emitted() - eventsBefore);
    }

    /** How long the control plane may take to converge before the scenario starts. */
    static final long WARM_UP_LIMIT_NANOS = 120 * io.podnet.sim.engine.Durations.S;
    /** Routes are settled when none changed for this long after every session is up. */
    static final long QUIET_NANOS = io.podnet.sim.engine.Durations.S;

    /**
     * Runs the engine until every BGP session is established and no route changed for
     * {@link #QUIET_NANOS} (or {@link #WARM_UP_LIMIT_NANOS} passed); returns that time, which
     * becomes scenario time 0.
     */
    static long warmUp(Engine engine, io.podnet.sim.stack.bgp.BgpRuntime bgp) {
        long step = 100 * io.podnet.sim.engine.Durations.MS;
        while (engine.now() < WARM_UP_LIMIT_NANOS) {
            engine.runUntil(engine.now() + step);
            if (bgp.allEstablished() && engine.now() - bgp.lastRouteChangeAt() >= QUIET_NANOS) {
                break;
            }
        }
        return engine.now();
    }

    private static String podList(Cluster c) {
        List<String> names = new ArrayList<>();
        c.pods().forEach(p -> names.add(p.name()));
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    // ---------------------------------------------------------------- servers

    /**
     * One listening application: where, which transport ({@code TCP} for tcp and http, {@code UDP}, {@code SCTP}),
     * which port. One server answers every traffic item that reaches it; per connection (or
     * datagram) it looks up the item by the flow name the packets carry, and answers as that item
     * asks (http or plain tcp, its response size).
     */
    private record ServerKey(String netns, String transport, int port) {}

    private static void startServers(Scenario s, List<Cluster> clusters, Map<String, SocketLayer> sockets) {
        Map<String, TrafficItem> byFlow = new LinkedHashMap<>();
        Set<ServerKey> servers = new LinkedHashSet<>();
        for (TrafficItem t : s.traffic()) {
            if (t.protocol() == Protocol.ICMP) {
                continue; // the kernel answers echo requests
            }
            for (int i = 0; i < t.count(); i++) {
                byFlow.put(t.flowName(i), t);
            }
            for (Cluster cluster : clusters) { // every pod that serves the target at some time of the run
                servers.addAll(serverKeys(t, cluster));
            }
        }
        for (ServerKey k : servers) {
            SocketLayer layer = sockets.get(k.netns());
            if (layer == null) {
                continue;
            }
            if (k.transport().equals("SCTP")) {
                // a message of the item's request size gets its response once (an unknown flow: echoed)
                new SctpServerApp(layer, k.port(), flow -> {
                    TrafficItem t = byFlow.get(flow);
                    return t == null ? null : new SctpServerApp.Reply(t.requestBytes(), t.responseBytes());
                }).start();
            } else if (k.transport().equals("UDP")) {
                if (layer.udpBound(k.port())) {
                    continue; // an application of the cluster (CoreDNS on 53) already listens there
                }
                new UdpServerApp(layer, k.port(), flow -> {
                    TrafficItem t = byFlow.get(flow);
                    return t == null ? -1 : t.responseBytes();
                }).start();
            } else {
                // http items get HTTP/1.1; plain tcp items send their request and half-close, then get the response
                new TcpServerApp(layer, k.port(), flow -> {
                    TrafficItem t = byFlow.get(flow);
                    return t == null || t.protocol() == Protocol.HTTP ? new TcpReply.Http(t == null ? 0 : t.responseBytes())
                            : new TcpReply.AtEndOfRequest(t.responseBytes());
                }).start();
            }
        }
    }

    /** The listening sockets a traffic item needs: in the target pod, or in each endpoint pod. */
    private static Set<ServerKey> serverKeys(TrafficItem t, Cluster cluster) {
        if (t.to().kind() == Target.Kind.DNS) { // policy helper: the servers behind what the name resolves to
            TrafficItem resolved = DnsTraffic.resolvedItem(t, cluster);
            return resolved == null ? Set.of() : serverKeys(resolved, cluster);
        }
        Set<ServerKey> out = new LinkedHashSet<>();
        Target to = t.to();
        switch (to.kind()) {
            case POD: {
                ClusterPod p = cluster.pod(to.namespace(), to.name());
                if (p != null) {
                    out.add(new ServerKey(p.netns(), transport(t), to.port()));
                }
                break;
            }
            case SERVICE: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                String proto = transport(t);
                ClusterServicePort sp = svc == null ? null : svc.port(to.port(), proto);
                if (sp != null) {
                    endpointServers(out, t, cluster, sp);
                }
                break;
            }
            case IP: {
                ClusterPod p = cluster.podByIp(Ipv4Address.parse(to.name()));
                if (p != null) {
                    out.add(new ServerKey(p.netns(), transport(t), to.port()));
                }
                break;
            }
            case NODE: { // a NodePort: the servers listen in the endpoint pods of the Service that owns it
                for (ClusterService svc : cluster.services()) {
                    for (ClusterServicePort sp : svc.ports()) {
                        if (sp.nodePort() == to.port() && sp.protocol().equals(transport(t))) {
                            endpointServers(out, t, cluster, sp);
                        }
                    }
                }
                break;
            }
            case LOADBALANCER: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                ClusterServicePort sp = svc == null ? null : svc.port(to.port(), transport(t));
                if (sp != null) {
                    endpointServers(out, t, cluster, sp);
                }
                break;
            }
            default:
                break;
        }
        return out;
    }

    private static void endpointServers(Set<ServerKey> out, TrafficItem t, Cluster cluster, ClusterServicePort sp) {
        for (ServiceEndpoint ep : sp.endpoints()) {
            ClusterPod p = ep.pod().isEmpty() ? cluster.podByIp(ep.ip()) : podByKey(cluster, ep.pod());
            if (p != null) {
                out.add(new ServerKey(p.netns(), transport(t), ep.port()));
            } else {
                // An endpoint at a node's address (a hostNetwork pod, the API server behind Service kubernetes).
                for (io.podnet.topology.model.ClusterNode n : cluster.nodes()) {
                    if (n.address().equals(ep.ip())) {
                        out.add(new ServerKey(n.name(), transport(t), ep.port()));
                    }
                }
            }
        }
    }

    private static String transport(TrafficItem t) {
        return t.protocol() == Protocol.UDP ? "UDP" : t.protocol() == Protocol.SCTP ? "SCTP" : "TCP";
    }

    private static ClusterPod podByKey(Cluster c, String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : c.pod(key.substring(0, slash), key.substring(slash + 1));
    }

    /**
     * The address the client sends to: in the cluster as built, or for a Service an event applies
     * later, the ClusterIP the API server gives it then.
     */
    private static Ipv4Address destination(Target to, List<Cluster> clusters) throws ScenarioException {
        Cluster cluster = clusters.get(0);
        if (to.kind() == Target.Kind.SERVICE) {
            for (Cluster c : clusters) {
                if (c.service(to.namespace(), to.name()) != null) {
                    cluster = c;
                    break;
                }
            }
        }
        switch (to.kind()) {
            case POD:
                return cluster.pod(to.namespace(), to.name()).ip();
            case SERVICE: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                if (svc == null || svc.headless()) {
                    throw new ScenarioException(Diagnostic.error(to.location(), "Service " + to.name()
                            + (svc == null ? " does not exist" : " is headless (clusterIP: None): it has no address")
                            + "; target a Service with a ClusterIP, or pod/NAME:PORT"));
                }
                return svc.clusterIp();
            }
            case IP:
                return Ipv4Address.parse(to.name());
            case LOADBALANCER: {
                ClusterService svc = cluster.service(to.namespace(), to.name());
                if (svc == null || svc.loadBalancerIps().isEmpty()) {
                    throw new ScenarioException(Diagnostic.error(to.location(), "Service " + to.namespace() + "/"
                            + to.name() + (svc == null ? " does not exist" : " has no load balancer ingress IP (type "
                            + svc.type() + "); give it type LoadBalancer and status.loadBalancer.ingress: [{ip: A.B.C.D}]")));
                }
                return svc.loadBalancerIps().get(0);
            }
            case NODE: {
                io.podnet.topology.model.ClusterNode node = cluster.node(to.name());
                if (node == null) {
                    throw new ScenarioException(Diagnostic.error(to.location(), "node " + to.name() + " does not exist"));
                }
                return node.address();
            }
            default:
                throw new ScenarioException(Diagnostic.error(to.location(), to.kind().name().toLowerCase()
                        + "/ targets are not supported yet"));
        }
    }

    // ---------------------------------------------------------------- clients

    /** Starts the attempt's client application (sim.socket.app) towards {@code dst}. */
    private static void startClient(Attempt a, SocketLayer layer, Ipv4Address dst, Engine engine) {
        a.start = engine.now();
        TrafficItem t = a.item;
        TrafficSpec spec = new TrafficSpec(a.flow, new Endpoint(dst, t.protocol() == Protocol.ICMP ? 0 : t.to().port()),
                size(t.requestBytes()), size(t.responseBytes()), t.timeoutNanos());
        TrafficClient client;
        switch (t.protocol()) {
            case UDP:
                client = new UdpClientApp(layer, spec, a::report);
                break;
            case ICMP:
                client = new PingClientApp(layer, spec, a.index + 1, a::report); // icmp_seq counts the attempts
                break;
            case SCTP:
                client = new SctpClientApp(layer, spec, a::report);
                break;
            case HTTP:
                client = TcpClientApp.http(layer, spec, t.to().name() + (t.to().port() == 80 ? "" : ":" + t.to().port()),
                        a::report);
                break;
            default:
                client = TcpClientApp.tcp(layer, spec, a::report);
                break;
        }
        client.start();
    }

    private static int size(long bytes) {
        if (bytes > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("payload of " + bytes + " bytes is too large");
        }
        return (int) bytes;
    }
}
