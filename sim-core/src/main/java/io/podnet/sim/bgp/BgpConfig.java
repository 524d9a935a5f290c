package io.podnet.sim.bgp;

import io.podnet.sim.net.Ipv4Address;
import java.util.List;

/**
 * One speaker's configuration, in BIRD's terms.
 *
 * @param asn              local AS
 * @param routerId         BGP identifier (the node address)
 * @param clusterId        route-reflector cluster id, or null when this speaker reflects nothing
 * @param peers            the neighbours
 * @param holdTimeSeconds  proposed hold time (BIRD: 240)
 * @param keepaliveSeconds keepalive interval (BIRD: hold/3 = 80)
 * @param connectDelayNanos wait before the first connect (Calico's template: 2 s)
 * @param connectRetryNanos wait before a new attempt after a failed one (Calico: 5 s)
 * @param errorWaitNanos   wait after a session error before restarting (Calico: 5 s)
 */
public record BgpConfig(long asn, Ipv4Address routerId, Ipv4Address clusterId, List<Peer> peers, int holdTimeSeconds,
                        int keepaliveSeconds, long connectDelayNanos, long connectRetryNanos, long errorWaitNanos) {
    public BgpConfig {
        peers = List.copyOf(peers);
    }

    /**
     * A neighbour.
     *
     * @param rrClient  this speaker reflects routes to and from it (only meaningful with a cluster id)
     * @param passive   wait for the neighbour to connect instead of connecting
     */
    public record Peer(Ipv4Address address, long asn, boolean rrClient, boolean passive, String name) {}
}
