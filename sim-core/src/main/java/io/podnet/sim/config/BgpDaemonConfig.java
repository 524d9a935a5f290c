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
 * @param listenPort     the TCP port the daemon listens on (BIRD's {@code listen bgp port}; Calico's
 *                       BGPConfiguration {@code listenPort}, default 179)
 */
public record BgpDaemonConfig(String namespace, long asn, Ipv4Address routerId, Ipv4Address clusterId,
                              List<BgpNeighbourConfig> neighbours, List<Ipv4Prefix> originate, String underlayDevice,
                              List<BgpExportRule> exportRules, int holdTimeSeconds, int keepaliveSeconds,
                              long connectDelayNanos, long connectRetryNanos, int listenPort) {
    /** The BGP port (RFC 4271 section 8.2.1). */
    public static final int DEFAULT_PORT = 179;

    public BgpDaemonConfig {
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("BGP listen port " + listenPort + " is not 1-65535");
        }
        neighbours = List.copyOf(neighbours);
        originate = List.copyOf(originate);
        exportRules = List.copyOf(exportRules);
    }

    /** A daemon listening on port 179. */
    public BgpDaemonConfig(String namespace, long asn, Ipv4Address routerId, Ipv4Address clusterId,
                           List<BgpNeighbourConfig> neighbours, List<Ipv4Prefix> originate, String underlayDevice,
                           List<BgpExportRule> exportRules, int holdTimeSeconds, int keepaliveSeconds,
                           long connectDelayNanos, long connectRetryNanos) {
        this(namespace, asn, routerId, clusterId, neighbours, originate, underlayDevice, exportRules, holdTimeSeconds,
                keepaliveSeconds, connectDelayNanos, connectRetryNanos, DEFAULT_PORT);
    }

    /** The same daemon listening on {@code port}. */
    public BgpDaemonConfig withListenPort(int port) {
        return new BgpDaemonConfig(namespace, asn, routerId, clusterId, neighbours, originate, underlayDevice, exportRules,
                holdTimeSeconds, keepaliveSeconds, connectDelayNanos, connectRetryNanos, port);
    }

    /**
     * A neighbour: address, AS, whether it is a route-reflector client of this daemon, a label, and
     * the port it listens on (BIRD's {@code neighbor ADDR port P}).
     */
    public record BgpNeighbourConfig(Ipv4Address address, long asn, boolean rrClient, String name, int port) {
        public BgpNeighbourConfig {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("BGP neighbour port " + port + " is not 1-65535");
            }
        }

        /** A neighbour on port 179. */
        public BgpNeighbourConfig(Ipv4Address address, long asn, boolean rrClient, String name) {
            this(address, asn, rrClient, name, DEFAULT_PORT);
        }

        public BgpNeighbourConfig withPort(int p) {
            return new BgpNeighbourConfig(address, asn, rrClient, name, p);
        }
    }

    /**
     * How learned routes inside {@code pool} are programmed: {@code via NH dev device [onlink]}. With
     * {@code crossSubnetOnly}, the rule applies only when the next hop is outside the node's own
     * underlay subnet (Calico's CrossSubnet mode); otherwise the route goes via the underlay device.
     */
    public record BgpExportRule(Ipv4Prefix pool, String device, boolean onlink, boolean crossSubnetOnly) {}
}
