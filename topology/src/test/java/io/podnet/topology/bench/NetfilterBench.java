package io.podnet.topology.bench;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.scale.ScaleCluster;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A new connection from a pod to a ClusterIP, as its node's netfilter sees it (PREROUTING from
 * {@code cni0}, FORWARD to {@code flannel.1}, POSTROUTING), against the kube-proxy (iptables mode)
 * rules {@link ClusterRenderer} writes for {@code services} Services of 3 endpoints each. Score:
 * new connections per microsecond; each invocation opens {@value #CONNS} connections to Services
 * drawn at random, then flushes conntrack (the flush is part of every variant).
 *
 * <p>Baselines in the same run: {@code acceptAll} ({@link PacketFilter#ACCEPT_ALL}, the floor:
 * a packet buffer allocated, three calls) and {@code conntrackOnly} (a netfilter with empty nat and filter tables:
 * conntrack creation and confirmation, no rules).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class NetfilterBench {
    static final int CONNS = 1024;
    static final String EMPTY = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    @Param({"10", "1000", "10000"})
    public int services;

    Netfilter kubeProxy;
    Netfilter empty;
    Packet[] syns;
    int rules;

    @Setup
    public void setup() {
        RenderedCluster rc = ClusterRenderer.render(
                ScaleCluster.spec(ScaleCluster.Cni.FLANNEL_VXLAN, 20, 3 * Math.min(services, 1000), services), 1);
        ClusterNode node = rc.cluster().nodes().get(0);
        Ruleset rs = Ruleset.parse(rc.network().namespace(node.name()).iptables());
        rules = rs.ruleCount();
        kubeProxy = netfilter(rs, node);
        empty = netfilter(Ruleset.parse(EMPTY), node);
        Ipv4Address client = rc.cluster().podsOn(node.name()).get(0).ip();
        List<ClusterService> svcs = rc.cluster().services();
        SplittableRandom r = new SplittableRandom(3);
        syns = new Packet[CONNS];
        for (int i = 0; i < CONNS; i++) {
            ClusterService s = svcs.get(r.nextInt(svcs.size()));
            syns[i] = Packet.of(new byte[0], Ipv4Header.of(client, s.clusterIp(), Ipv4Header.PROTO_TCP, 64, i),
                    TcpHeader.of(32768 + i, 80, 1000L * i, 0, TcpHeader.SYN, 64240));
        }
    }

    private static Netfilter netfilter(Ruleset rs, ClusterNode node) {
        Engine engine = new Engine();
        NetfilterContext ctx = new NetfilterContext() {
            @Override
            public boolean isLocalAddress(Ipv4Address address) {
                return address.equals(node.address());
            }

            @Override
            public Ipv4Address primaryAddress(String device) {
                return node.address();
            }
        };
        return new Netfilter(rs, new Conntrack(engine), new SplittableRandom(1), ctx, new Tracer(engine), node.name());
    }

    private int connect(PacketFilter f, Blackhole bh) {
        int accepted = 0;
        for (int i = 0; i < CONNS; i++) {
            PacketBuffer b = new PacketBuffer(i, null, syns[i]);
            bh.consume(b);
            if (f.hook(Hook.PREROUTING, b, "cni0", null).accepted()
                    && f.hook(Hook.FORWARD, b, "cni0", "flannel.1").accepted()
                    && f.hook(Hook.POSTROUTING, b, null, "flannel.1").accepted()) {
                accepted++;
            }
        }
        return accepted;
    }

    @Benchmark
    @OperationsPerInvocation(CONNS)
    public int kubeProxyRules(Blackhole bh) {
        int n = connect(kubeProxy, bh);
        kubeProxy.conntrack().flush();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(CONNS)
    public int conntrackOnly(Blackhole bh) {
        int n = connect(empty, bh);
        empty.conntrack().flush();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(CONNS)
    public int acceptAll(Blackhole bh) {
        return connect(PacketFilter.ACCEPT_ALL, bh);
    }
}
