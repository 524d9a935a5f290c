package io.podnet.sim.config;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * A BGP daemon in a namespace, as Calico's confd renders BIRD's configuration: its AS and router
 * id, its neighbours, the prefixes it originates (the node's IPAM blocks), and how the routes it
 * learns are programmed into the kernel ({@code exportRules}, first match wins; a learned prefix
 * matching none goes {@code via NEXT_HOP dev <underlayDevice>}).
 *
 * @param namespace      the namespace it runs in
 * @param clusterId      route-reflector cluster id when it reflects, else null
 * @param underlayDevice the device towards the next hops (e.g. {@code eth0})
 */
public record BgpDaemonConfig(String namespace, long asn, Ipv4Address routerId, Ipv4Address clusterId,
                              List<BgpNeighbourConfig> neighbours, List<Ipv4Prefix> originate, String underlayDevice,
                              List<BgpExportRule> exportRules, int holdTimeSeconds, int keepaliveSeconds,
                              long connectDelayNanos, long connectRetryNanos) {
    public BgpDaemonConfig {
        neighbours = List.copyOf(neighbours);
        originate = List.copyOf(originate);
        exportRules = List.copyOf(exportRules);
    }

    /** A neighbour: address, AS, whether it is a route-reflector client of this daemon, a label. */
    public record BgpNeighbourConfig(Ipv4Address address, long asn, boolean rrClient, String name) {}

    /**
     * How learned routes inside {@code pool} are programmed: {@code via NH dev device [onlink]}. With
     * {@code crossSubnetOnly}, the rule applies only when the next hop is outside the node's own
     * underlay subnet (Calico's CrossSubnet mode); otherwise the route goes via the underlay device.
     */
    public record BgpExportRule(Ipv4Prefix pool, String device, boolean onlink, boolean crossSubnetOnly) {}
}
