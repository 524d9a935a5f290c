package io.podnet.topology.cni.flannel;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.netns.NamespaceDraft;
import io.podnet.topology.spec.FlannelSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What flannel's CNI plugin does through its {@code bridge} delegate with {@code host-local} IPAM:
 * a {@code cni0} bridge holding the subnet's {@code .1} (created with the first pod, as the
 * bridge plugin does), and per pod a veth pair: {@code eth0} in the pod with its address on the
 * node subnet, {@code vethXXXXXXXX} on the node enslaved to {@code cni0}. Pod routes: the
 * connected subnet, the flannel Network via {@code .1} (flannel adds it to the IPAM routes) and,
 * with {@code isDefaultGateway}, the default route via {@code .1}.
 */
final class BridgeWiring {
    static final String BRIDGE = "cni0";

    private BridgeWiring() {}

    static void wire(FlannelSpec spec, int mtu, ClusterNode node, NamespaceDraft nodeNs, Map<ClusterPod, NamespaceDraft> pods) {
        if (pods.isEmpty()) {
            return;
        }
        Ipv4Prefix subnet = node.podCidr();
        Ipv4Address gateway = subnet.host(1);
        nodeNs.addInterface(new InterfaceConfig.Bridge(BRIDGE, MacAddress.derived(node.name() + "/" + BRIDGE), mtu,
                List.of(new Ipv4Prefix(gateway, subnet.length()))));
        nodeNs.addRoute(RouteConfig.connected(subnet, BRIDGE, gateway));
        Set<String> vethNames = new HashSet<>();
        for (Map.Entry<ClusterPod, NamespaceDraft> e : pods.entrySet()) {
            ClusterPod pod = e.getKey();
            NamespaceDraft podNs = e.getValue();
            String veth = vethName(pod.key(), vethNames);
            nodeNs.addInterface(new InterfaceConfig.Veth(veth, MacAddress.derived(node.name() + "/" + veth), mtu, List.of(),
                    podNs.name(), "eth0", BRIDGE, spec.hairpinMode()));
            podNs.addInterface(new InterfaceConfig.Veth("eth0", MacAddress.derived(podNs.name() + "/eth0"), mtu,
                    List.of(new Ipv4Prefix(pod.ip(), subnet.length())), nodeNs.name(), veth, null, false));
            podNs.addRoute(RouteConfig.connected(subnet, "eth0", pod.ip()));
            podNs.addRoute(RouteConfig.via(spec.network(), gateway, "eth0", false));
            if (spec.isDefaultGateway()) {
                podNs.addRoute(RouteConfig.via(Ipv4Prefix.DEFAULT, gateway, "eth0", false));
            }
        }
    }

    /**
     * The host-side name, shaped like the bridge plugin's random {@code veth} + 8 hex digits but
     * derived from the pod so that runs repeat (FNV-1a of {@code namespace/name}).
     */
    static String vethName(String podKey, Set<String> taken) {
        for (int attempt = 0; ; attempt++) {
            int h = 0x811c9dc5;
            byte[] bytes = (attempt == 0 ? podKey : podKey + "#" + attempt).getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                h ^= (b & 0xff);
                h *= 0x01000193;
            }
            String name = String.format("veth%08x", h);
            if (taken.add(name)) {
                return name;
            }
        }
    }
}
