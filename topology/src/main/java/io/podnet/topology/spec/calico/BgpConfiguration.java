package io.podnet.topology.spec.calico;

import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * The global Calico {@code BGPConfiguration} (named {@code default}).
 *
 * @param nodeToNodeMeshEnabled every node peers with every other node (default true)
 * @param asNumber              the nodes' AS unless a Node overrides it (default 64512)
 * @param listenPort            the port every node's BIRD listens on, and the port nodes connect to
 *                              each other on (default 179); routers outside the cluster stay on 179
 * @param serviceClusterIPs     CIDRs every node advertises to its BGP peers (the Service ClusterIP
 *                              range, so routers outside the cluster reach Services); empty by default
 */
public record BgpConfiguration(boolean nodeToNodeMeshEnabled, long asNumber, int listenPort,
                               List<Ipv4Prefix> serviceClusterIPs) {
    public static final long DEFAULT_AS = 64512;
    public static final int DEFAULT_PORT = 179;
    public static final BgpConfiguration DEFAULT = new BgpConfiguration(true, DEFAULT_AS);

    public BgpConfiguration {
        if (asNumber < 1 || asNumber > 4294967295L) {
            throw new InvalidFieldException("spec.asNumber", "asNumber " + asNumber + " is not an AS number (1-4294967295)");
        }
        if (listenPort < 1 || listenPort > 65535) {
            throw new InvalidFieldException("spec.listenPort", "listenPort " + listenPort + " is not a port (1-65535)");
        }
        serviceClusterIPs = serviceClusterIPs == null ? List.of() : List.copyOf(serviceClusterIPs);
    }

    /** Mesh and AS, on port 179, advertising no Service range. */
    public BgpConfiguration(boolean nodeToNodeMeshEnabled, long asNumber) {
        this(nodeToNodeMeshEnabled, asNumber, DEFAULT_PORT, List.of());
    }
}
