package io.podnet.sim.config;

import java.util.List;

/**
 * The rendered configuration of a whole simulated network: what each namespace would hold on a
 * real machine (addresses, links, routes, neighbour and FDB entries, tunnel devices, iptables
 * rules, sysctls), and the underlay segments that connect them. It is realised twice: by the
 * simulator ({@code io.podnet.sim.stack.NetworkBuilder}) and in the kernel by the dataplane module,
 * so both evaluate exactly the same artefacts.
 *
 * @param namespaces every namespace, nodes before pods, in a deterministic order
 * @param segments   underlay L2 segments (a switch); node NICs attach to one by name
 * @param bgp        BGP daemons (BIRD on Calico nodes, top-of-rack routers), empty for static designs
 */
public record NetworkConfig(List<NamespaceConfig> namespaces, List<SegmentConfig> segments, List<BgpDaemonConfig> bgp) {
    public NetworkConfig {
        namespaces = List.copyOf(namespaces);
        segments = List.copyOf(segments);
        bgp = List.copyOf(bgp);
    }

    /** A network without routing daemons. */
    public NetworkConfig(List<NamespaceConfig> namespaces, List<SegmentConfig> segments) {
        this(namespaces, segments, List.of());
    }

    public NamespaceConfig namespace(String name) {
        for (NamespaceConfig n : namespaces) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }
}
