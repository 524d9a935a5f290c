package io.podnet.sim.stack.bgp;

import io.podnet.sim.config.BgpDaemonConfig;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Calico-style clusters for BGP tests: {@code n} nodes on 172.18.0.0/24 (node{@code i} at
 * 172.18.0.{@code i+1}), each with block 10.244.{@code i}.0/26 (a blackhole route for it), tunl0
 * (MTU 1480) and one pod pod{@code i} at 10.244.{@code i}.5 behind cali{@code i} (a /32 route,
 * proxy ARP); BIRD in a full iBGP mesh, AS 64512, Calico's timers; pool 10.244.0.0/16 with the
 * given IPIP mode.
 */
final class CalicoNets {
    private CalicoNets() {}

    enum Ipip { ALWAYS, CROSS_SUBNET, NEVER }

    static Ipv4Address nodeIp(int i) {
        return Ipv4Address.parse("172.18.0." + (i + 1));
    }

    static NetworkConfig cluster(int n, Ipip mode) {
        List<NamespaceConfig> all = new ArrayList<>();
        List<BgpDaemonConfig> bgp = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String pod = "pod" + i;
            Ipv4Prefix block = Ipv4Prefix.parse("10.244." + i + ".0/26");
            all.add(new NamespaceConfig("node" + i, "node", "node" + i, List.of(
                    new InterfaceConfig.Nic("eth0", MacAddress.parse(String.format("02:42:ac:12:00:%02x", i + 1)), 1500,
                            List.of(Ipv4Prefix.parse(nodeIp(i) + "/24")), "underlay"),
                    new InterfaceConfig.Ipip("tunl0", null, 1480, List.of(Ipv4Prefix.parse("10.244." + i + ".1/32")), null),
                    new InterfaceConfig.Veth("cali" + i, MacAddress.parse("ee:ee:ee:ee:ee:ee"), 1480, List.of(), pod, "eth0",
                            null, false)),
                    List.of(new RouteConfig("unicast", Ipv4Prefix.parse("10.244." + i + ".5/32"), null, "cali" + i, false,
                                    "link", null, "static"),
                            new RouteConfig("blackhole", block, null, null, false, "global", null, "bird"),
                            new RouteConfig("unicast", Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Address.parse("172.18.0.254"), "eth0",
                                    false, "global", null, "static")),
                    List.of(), List.of(), new Sysctls(true, List.of("cali" + i), false, 0), ""));
            all.add(new NamespaceConfig(pod, "pod", "node" + i, List.of(
                    new InterfaceConfig.Veth("eth0", MacAddress.parse(String.format("0a:00:00:00:00:%02x", i)), 1480,
                            List.of(Ipv4Prefix.parse("10.244." + i + ".5/32")), "node" + i, "cali" + i, null, false)),
                    List.of(RouteConfig.via(Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Address.parse("169.254.1.1"), "eth0", true)),
                    List.of(), List.of(), Sysctls.HOST, ""));
            List<BgpDaemonConfig.BgpNeighbourConfig> neighbours = new ArrayList<>();
            for (int j = 1; j <= n; j++) {
                if (j != i) {
                    neighbours.add(new BgpDaemonConfig.BgpNeighbourConfig(nodeIp(j), 64512, false, "node" + j));
                }
            }
            List<BgpDaemonConfig.BgpExportRule> rules = switch (mode) {
                case ALWAYS -> List.of(new BgpDaemonConfig.BgpExportRule(Ipv4Prefix.parse("10.244.0.0/16"), "tunl0", true, false));
                case CROSS_SUBNET -> List.of(new BgpDaemonConfig.BgpExportRule(Ipv4Prefix.parse("10.244.0.0/16"), "tunl0", true,
                        true));
                default -> List.of();
            };
            bgp.add(new BgpDaemonConfig("node" + i, 64512, nodeIp(i), null, neighbours, List.of(block), "eth0", rules, 240, 80,
                    2 * Durations.S, 5 * Durations.S));
        }
        return new NetworkConfig(all, List.of(new SegmentConfig("underlay", Ipv4Prefix.parse("172.18.0.0/24"),
                1_000_000_000L, 50 * Durations.US, 1500, 1000)), bgp);
    }
}
