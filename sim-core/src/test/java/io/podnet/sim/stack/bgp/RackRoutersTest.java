package io.podnet.sim.stack.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.BgpDaemonConfig.BgpNeighbourConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two racks, each a node behind its top-of-rack router (AS per rack: node and router share it);
 * the routers peer over the core by eBGP on their core addresses while the nodes reach them on
 * their rack addresses, so a router's sessions use two different local addresses.
 */
class RackRoutersTest {
    static Ipv4Prefix p(String s) {
        return Ipv4Prefix.parse(s);
    }

    static Ipv4Address a(String s) {
        return Ipv4Address.parse(s);
    }

    static NetworkConfig racks() {
        List<NamespaceConfig> ns = List.of(node(1), node(2), router(1), router(2));
        List<SegmentConfig> segs = List.of(
                new SegmentConfig("rack-a", p("10.0.1.0/24"), 1_000_000_000L, 10 * Durations.US, 1500, 100),
                new SegmentConfig("rack-b", p("10.0.2.0/24"), 1_000_000_000L, 10 * Durations.US, 1500, 100),
                new SegmentConfig("core", p("10.255.0.0/24"), 1_000_000_000L, 10 * Durations.US, 1500, 100));
        List<BgpDaemonConfig> bgp = List.of(
                new BgpDaemonConfig("node1", 65001, a("10.0.1.10"), null, List.of(new BgpNeighbourConfig(a("10.0.1.1"), 65001,
                        false, "tor-a")), List.of(p("10.244.1.0/26")), "eth0", List.of(), 240, 80, 2 * Durations.S, 5 * Durations.S),
                new BgpDaemonConfig("node2", 65002, a("10.0.2.10"), null, List.of(new BgpNeighbourConfig(a("10.0.2.1"), 65002,
                        false, "tor-b")), List.of(p("10.244.2.0/26")), "eth0", List.of(), 240, 80, 2 * Durations.S, 5 * Durations.S),
                new BgpDaemonConfig("tor-a", 65001, a("10.255.0.1"), null, List.of(
                        new BgpNeighbourConfig(a("10.0.1.10"), 65001, false, "node1"),
                        new BgpNeighbourConfig(a("10.255.0.2"), 65002, false, "tor-b")), List.of(), null, List.of(), 240, 80,
                        2 * Durations.S, 5 * Durations.S),
                new BgpDaemonConfig("tor-b", 65002, a("10.255.0.2"), null, List.of(
                        new BgpNeighbourConfig(a("10.0.2.10"), 65002, false, "node2"),
                        new BgpNeighbourConfig(a("10.255.0.1"), 65001, false, "tor-a")), List.of(), null, List.of(), 240, 80,
                        2 * Durations.S, 5 * Durations.S));
        return new NetworkConfig(ns, segs, bgp);
    }

    static NamespaceConfig node(int i) {
        return new NamespaceConfig("node" + i, "node", "node" + i, List.of(
                new InterfaceConfig.Nic("eth0", MacAddress.parse("02:00:00:00:0" + i + ":10"), 1500,
                        List.of(p("10.0." + i + ".10/24")), i == 1 ? "rack-a" : "rack-b"),
                new InterfaceConfig.Ipip("tunl0", null, 1480, List.of(p("10.244." + i + ".1/32")), null)),
                List.of(RouteConfig.via(p("0.0.0.0/0"), a("10.0." + i + ".1"), "eth0", false),
                        new RouteConfig("blackhole", p("10.244." + i + ".0/26"), null, null, false, "global", null, "bird")),
                List.of(), List.of(), Sysctls.HOST, "");
    }

    static NamespaceConfig router(int i) {
        int other = 3 - i;
        return new NamespaceConfig(i == 1 ? "tor-a" : "tor-b", "router", i == 1 ? "tor-a" : "tor-b", List.of(
                new InterfaceConfig.Nic("eth0", MacAddress.parse("02:00:00:00:0" + i + ":01"), 1500,
                        List.of(p("10.0." + i + ".1/24")), i == 1 ? "rack-a" : "rack-b"),
                new InterfaceConfig.Nic("eth1", MacAddress.parse("02:00:00:00:ff:0" + i), 1500,
                        List.of(p("10.255.0." + i + "/24")), "core")),
                List.of(RouteConfig.via(p("10.0." + other + ".0/24"), a("10.255.0." + other), "eth1", false)),
                List.of(), List.of(), new Sysctls(true, List.of(), false, 0), "");
    }

    @Test
    void nodesLearnTheOtherRackThroughTheirRouters() {
        for (BgpRuntime.Transport t : BgpRuntime.Transport.values()) {
            BgpRuntimeTest.Run run = new BgpRuntimeTest.Run(racks(), t);
            run.engine.runUntil(10 * Durations.S);
            assertTrue(run.bgp.allEstablished(), t + ": every session is up");
            assertEquals(3, run.bgp.sessionCount());
            assertEquals(List.of("10.244.2.0/26 via 10.0.1.1 dev eth0 proto bird"), run.birdRoutes("node1"),
                    t + ": the next hop (tor-b's core address) resolves recursively through the default route");
            assertEquals(List.of("10.244.1.0/26 via 10.0.1.10 dev eth0 proto bird",
                    "10.244.2.0/26 via 10.255.0.2 dev eth1 proto bird"), run.birdRoutes("tor-a"), t.toString());
            assertEquals(List.of("10.0.1.10 100"), run.udp("node1", "node2", "10.244.2.1"), t + ": across both racks");
        }
    }
}
