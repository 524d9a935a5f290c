package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Flannel cluster of N nodes (full mesh of routes, neighbours and FDB entries) builds and routes. */
class ScaleTest {
    static final int NODES = Integer.getInteger("podnet.scale.nodes", 300);
    static final int PODS = 2;

    static NetworkConfig cluster(int nodes) {
        List<NamespaceConfig> all = new ArrayList<>();
        Ipv4Address base = Ipv4Address.parse("172.16.0.0");
        for (int n = 0; n < nodes; n++) {
            List<InterfaceConfig> ifs = new ArrayList<>();
            ifs.add(new InterfaceConfig.Nic("eth0", new MacAddress(0x020000000000L + n), 1500,
                    List.of(new Ipv4Prefix(base.plus(n + 1), 16)), "lan"));
            ifs.add(new InterfaceConfig.Vxlan("flannel.1", new MacAddress(0x0a0000000000L + n), 1450,
                    List.of(new Ipv4Prefix(podNet(n), 32)), 1, 8472, base.plus(n + 1), "eth0", false));
            ifs.add(new InterfaceConfig.Bridge("cni0", new MacAddress(0x0a5800000000L + n), 1450,
                    List.of(new Ipv4Prefix(podNet(n).plus(1), 24))));
            List<RouteConfig> routes = new ArrayList<>();
            List<NeighbourConfig> neigh = new ArrayList<>();
            List<FdbConfig> fdb = new ArrayList<>();
            for (int o = 0; o < nodes; o++) {
                if (o != n) {
                    routes.add(RouteConfig.via(new Ipv4Prefix(podNet(o), 24), podNet(o), "flannel.1", true));
                    neigh.add(new NeighbourConfig(podNet(o), new MacAddress(0x0a0000000000L + o), "flannel.1"));
                    fdb.add(new FdbConfig(new MacAddress(0x0a0000000000L + o), "flannel.1", base.plus(o + 1)));
                }
            }
            for (int p = 0; p < PODS; p++) {
                String pod = "pod-" + n + "-" + p;
                ifs.add(new InterfaceConfig.Veth("veth" + p, MacAddress.derived(pod + "/host"), 1450, List.of(), pod,
                        "eth0", "cni0", false));
            }
            all.add(new NamespaceConfig("node" + n, "node", "node" + n, ifs, routes, neigh, fdb,
                    new Sysctls(true, List.of(), true, 0), ""));
        }
        for (int n = 0; n < nodes; n++) {
            for (int p = 0; p < PODS; p++) {
                String pod = "pod-" + n + "-" + p;
                all.add(new NamespaceConfig(pod, "pod", "node" + n, List.of(new InterfaceConfig.Veth("eth0",
                        MacAddress.derived(pod), 1450, List.of(new Ipv4Prefix(podNet(n).plus(2 + p), 24)), "node" + n,
                        "veth" + p, null, false)),
                        List.of(RouteConfig.via(Ipv4Prefix.DEFAULT, podNet(n).plus(1), "eth0", false)), List.of(),
                        List.of(), Sysctls.HOST, ""));
            }
        }
        return new NetworkConfig(all, List.of(new SegmentConfig("lan", Ipv4Prefix.parse("172.16.0.0/16"),
                10_000_000_000L, 20 * Durations.US, 1500, 1000)));
    }

    static Ipv4Address podNet(int n) {
        return Ipv4Address.parse("10.0.0.0").plus(n << 8);
    }

    @Test
    void buildsAndRoutesAcrossTheCluster() {
        NetworkConfig cfg = cluster(NODES);
        Engine e = new Engine();
        SimNetwork net = new NetworkBuilder(cfg, e, new Tracer(e), new SeededRandoms(1)).build();
        assertEquals(NODES * (1 + PODS), net.namespaces().size());
        assertEquals(NODES - 1 + 2, net.namespace("node0").routes().size());
        List<PacketBuffer> got = new ArrayList<>();
        String last = "pod-" + (NODES - 1) + "-1";
        net.namespace(last).setLocalDelivery(got::add);
        NetNamespace src = net.namespace("pod-0-0");
        for (int i = 0; i < 100; i++) {
            src.output(new PacketBuffer(src.nextPacketId(), "f", Packet.of(new byte[64],
                    Ipv4Header.of(Ipv4Address.ANY, podNet(NODES - 1).plus(3), 17, 64, i), new UdpHeader(1000 + i, 80))));
        }
        e.runUntilIdle();
        assertEquals(100, got.size());
        assertTrue(got.stream().allMatch(pb -> pb.packet().first(Ipv4Header.class).ttl() == 62));
    }
}
