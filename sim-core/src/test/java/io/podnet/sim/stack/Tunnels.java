package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.cidr;
import static io.podnet.sim.stack.Nets.ip;
import static io.podnet.sim.stack.Nets.mac;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Two nodes (172.18.0.2 and .3 on one underlay segment, MTU 1500) with one pod each behind a cni0
 * bridge — pod-a 10.244.1.2 on node1, pod-b 10.244.2.2 on node2 — joined by a tunnel of the chosen
 * kind: GENEVE ({@code gnv0}, VNI 1, FDB + neighbour entries like Flannel's VXLAN), WireGuard
 * ({@code wg0}, a scope-link route per remote pod CIDR, one peer each) or IPIP ({@code tunl0},
 * routes via the peer node onlink).
 */
final class Tunnels {
    private Tunnels() {}

    enum Kind { GENEVE, WIREGUARD, IPIP }

    static NetworkConfig of(Kind kind, int podMtu, int tunnelMtu, int optionBytes) {
        List<NamespaceConfig> all = new ArrayList<>();
        all.add(node(kind, 1, 2, podMtu, tunnelMtu, optionBytes));
        all.add(node(kind, 2, 1, podMtu, tunnelMtu, optionBytes));
        all.add(Nets.pod("pod-a", "node1", "10.244.1.2", "10.244.1.1", "veth-pod-a", podMtu));
        all.add(Nets.pod("pod-b", "node2", "10.244.2.2", "10.244.2.1", "veth-pod-b", podMtu));
        return new NetworkConfig(all, List.of(new SegmentConfig("underlay", cidr("172.18.0.0/24"), 1_000_000_000L,
                50 * Durations.US, 1500, 100)));
    }

    static String tunnelMac(int n) {
        return "0a:00:00:00:0" + n + ":00";
    }

    static String nodeIp(int n) {
        return "172.18.0." + (n + 1);
    }

    static NamespaceConfig node(Kind kind, int n, int other, int podMtu, int tunnelMtu, int optionBytes) {
        List<InterfaceConfig> ifs = new ArrayList<>();
        ifs.add(new InterfaceConfig.Nic("eth0", mac("02:42:ac:12:00:0" + (n + 1)), 1500, List.of(cidr(nodeIp(n) + "/24")),
                "underlay"));
        List<RouteConfig> routes = new ArrayList<>();
        List<NeighbourConfig> neigh = new ArrayList<>();
        List<FdbConfig> fdb = new ArrayList<>();
        String otherCidr = "10.244." + other + ".0/24";
        switch (kind) {
            case GENEVE -> {
                ifs.add(new InterfaceConfig.Geneve("gnv0", mac(tunnelMac(n)), tunnelMtu, List.of(cidr("10.244." + n + ".0/32")),
                        1, 6081, ip(nodeIp(n)), "eth0", optionBytes));
                routes.add(Nets.via(otherCidr, "10.244." + other + ".0", "gnv0", true));
                neigh.add(new NeighbourConfig(ip("10.244." + other + ".0"), mac(tunnelMac(other)), "gnv0"));
                fdb.add(new FdbConfig(mac(tunnelMac(other)), "gnv0", ip(nodeIp(other))));
            }
            case WIREGUARD -> {
                ifs.add(new InterfaceConfig.Wireguard("wg0", null, tunnelMtu, List.of(cidr("10.244." + n + ".0/32")), 51820,
                        List.of(new InterfaceConfig.WireguardPeer("node" + other, ip(nodeIp(other)), 51820,
                                List.of(cidr(otherCidr), cidr("10.244." + other + ".0/32"))))));
                routes.add(new RouteConfig("unicast", cidr(otherCidr), null, "wg0", false, "link", null, "static"));
            }
            case IPIP -> {
                ifs.add(new InterfaceConfig.Ipip("tunl0", null, tunnelMtu, List.of(cidr("10.244." + n + ".0/32")), null));
                routes.add(new RouteConfig("unicast", cidr(otherCidr), ip(nodeIp(other)), "tunl0", true, "global", null,
                        "bird"));
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        ifs.add(new InterfaceConfig.Bridge("cni0", mac("0a:58:0a:f4:0" + n + ":01"), podMtu,
                List.of(cidr("10.244." + n + ".1/24"))));
        String pod = n == 1 ? "pod-a" : "pod-b";
        ifs.add(new InterfaceConfig.Veth("veth-" + pod, MacAddress.derived("node/veth-" + pod), podMtu, List.of(), pod, "eth0",
                "cni0", false));
        return new NamespaceConfig("node" + n, "node", "node" + n, ifs, routes, neigh, fdb, new Sysctls(true, List.of(), true, 0),
                "");
    }
}
