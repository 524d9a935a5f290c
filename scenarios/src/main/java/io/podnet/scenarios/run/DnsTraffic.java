package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.app.dns.DnsMessage;
import io.podnet.sim.socket.app.dns.DnsResolver;
import io.podnet.sim.socket.app.dns.DnsServerApp;
import io.podnet.sim.socket.app.dns.DnsZone;
import io.podnet.sim.socket.app.dns.ResolvConf;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.topology.dns.ClusterDns;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code dns/NAME:PORT} traffic: CoreDNS servers (UDP 53) in the CoreDNS pods answering the cluster
 * zone, and per attempt a lookup by the client pod's stub resolver (its {@code resolv.conf}: the
 * kube-dns ClusterIP, search {@code NS.svc.DOMAIN svc.DOMAIN DOMAIN}, ndots 5) before the client
 * connects to the first address found. The DNS packets travel as flow {@code FLOW/dns}, so the
 * traffic item's own path and serving pod stay those of the request; latency is measured from the
 * connection, after the lookup.
 *
 * <p>A lookup that fails fails the attempt: NXDOMAIN (every candidate) is {@code refused} with the
 * names tried; a lookup still unanswered at the attempt's timeout is {@code dropped} when a DNS
 * packet was dropped (naming what dropped it, e.g. a NetworkPolicy that blocks egress to port 53),
 * {@code timeout} otherwise.
 */
final class DnsTraffic {
    /** Suffix of the flow name the DNS packets of an attempt carry. */
    static final String FLOW_SUFFIX = "/dns";

    private final Cluster cluster;
    private final Engine engine;
    private final SeededRandoms randoms;
    private final TraceRecorder recorder;
    private final DnsZone zone;
    private final Map<String, DnsResolver> resolvers = new LinkedHashMap<>();

    private DnsTraffic(Cluster cluster, Engine engine, SeededRandoms randoms, TraceRecorder recorder) {
        this.cluster = cluster;
        this.engine = engine;
        this.randoms = randoms;
        this.recorder = recorder;
        this.zone = ClusterDns.nameserver(cluster) == null ? null : ClusterDns.zone(cluster);
    }

    /** Starts a DNS server in every CoreDNS pod (none when the cluster runs no CoreDNS). */
    static DnsTraffic start(Cluster cluster, Map<String, SocketLayer> sockets, Engine engine, SeededRandoms randoms,
                            TraceRecorder recorder) {
        DnsTraffic d = new DnsTraffic(cluster, engine, randoms, recorder);
        if (d.zone != null) {
            for (ClusterPod p : ClusterDns.servers(cluster)) {
                SocketLayer layer = sockets.get(p.netns());
                if (layer != null) {
                    DnsZone z = d.zone;
                    new DnsServerApp(layer, () -> z, 53).start();
                }
            }
        }
        return d;
    }

    /**
     * Resolves the attempt's name in the client pod; on success hands the address to {@code then},
     * otherwise fails the attempt.
     */
    void lookup(Attempt a, ClusterPod from, SocketLayer layer, Consumer<Ipv4Address> then) {
        TrafficItem t = a.item;
        String name = t.to().name();
        a.start = engine.now(); // the connection's start replaces it once the name resolves
        if (zone == null) {
            a.fail(Outcome.REFUSED, "dns/" + name + ": the cluster runs no DNS");
            return;
        }
        String dnsFlow = a.flow + FLOW_SUFFIX;
        DnsResolver resolver = resolvers.computeIfAbsent(from.netns(), ns -> new DnsResolver(layer,
                ClusterDns.resolvConf(cluster, from), randoms.stream("dns/" + ns)));
        long deadline = engine.now() + t.timeoutNanos();
        boolean[] done = {false};
        engine.at(deadline, () -> {
            if (!done[0] && !a.finished()) {
                done[0] = true;
                TraceEvent drop = firstDrop(dnsFlow);
                if (drop != null) {
                    a.fail(Outcome.DROPPED, "DNS lookup of " + name + " dropped at " + drop.location() + ": "
                            + TraceAnalysis.dropCause(drop));
                } else {
                    a.fail(Outcome.TIMEOUT, "DNS lookup of " + name + " got no answer within "
                            + io.podnet.sim.engine.Durations.format(t.timeoutNanos()));
                }
            }
        });
        resolver.resolve(name, dnsFlow, r -> {
            if (done[0] || a.finished()) {
                return;
            }
            done[0] = true;
            if (r.ok()) {
                then.accept(r.addresses().get(0));
                return;
            }
            TraceEvent drop = firstDrop(dnsFlow);
            if (drop != null) {
                a.fail(Outcome.DROPPED, "DNS lookup of " + name + " dropped at " + drop.location() + ": "
                        + TraceAnalysis.dropCause(drop));
            } else {
                a.fail(Outcome.REFUSED, "DNS lookup of " + name + " failed: " + r.error());
            }
        });
    }

    private TraceEvent firstDrop(String flow) {
        for (TraceEvent e : recorder.events()) {
            if (e.kind() == EventKind.DROP && flow.equals(e.flow())) {
                return e;
            }
        }
        return null;
    }

    /**
     * The target a {@code dns/} item reaches, resolved without packets (for starting servers): a
     * Service target when the name is a Service's, an {@code ip/} target otherwise; null when the
     * name does not resolve.
     */
    static TrafficItem resolvedItem(TrafficItem t, Cluster cluster) {
        Ipv4Address ns = ClusterDns.nameserver(cluster);
        ClusterPod from = cluster.pod(t.from().namespace(), t.from().name());
        if (ns == null || from == null) {
            return null;
        }
        DnsZone zone = ClusterDns.zone(cluster);
        ResolvConf conf = ClusterDns.resolvConf(cluster, from);
        for (String candidate : conf.candidates(t.to().name())) {
            DnsMessage.Chase chase = zone.respond(DnsMessage.query(0, candidate, DnsMessage.TYPE_A)).chase(candidate);
            List<Ipv4Address> addrs = chase.addresses();
            if (addrs.isEmpty()) {
                if (!chase.aliases().isEmpty()) {
                    return null; // an ExternalName outside the cluster: the lookup ends here without an address
                }
                continue;
            }
            Ipv4Address ip = addrs.get(0);
            Target to = null;
            for (ClusterService s : cluster.services()) {
                if (ip.equals(s.clusterIp())) {
                    to = new Target(Target.Kind.SERVICE, s.namespace(), s.name(), t.to().port(), t.to().location());
                }
            }
            if (to == null) {
                to = new Target(Target.Kind.IP, "", ip.toString(), t.to().port(), t.to().location());
            }
            return new TrafficItem(t.name(), t.location(), t.from(), to, t.protocol(), t.requestBytes(), t.responseBytes(),
                    t.atNanos(), t.count(), t.intervalNanos(), t.timeoutNanos());
        }
        return null;
    }
}
