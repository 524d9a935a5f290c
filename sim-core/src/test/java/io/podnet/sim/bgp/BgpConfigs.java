package io.podnet.sim.bgp;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.net.Ipv4Address;
import java.util.List;

/**
 * Speaker configurations for tests: BIRD's timers as Calico's confd template sets them (hold 240 s,
 * keepalive 80 s, connect delay 2 s, connect retry 5 s, error wait 5 s). Production code takes its
 * timers from {@code NetworkConfig.bgp()}, which topology renders.
 */
public final class BgpConfigs {
    private BgpConfigs() {}

    public static BgpConfig calico(long asn, Ipv4Address routerId, Ipv4Address clusterId, List<BgpConfig.Peer> peers) {
        return new BgpConfig(asn, routerId, clusterId, peers, 240, 80, 2 * Durations.S, 5 * Durations.S, 5 * Durations.S);
    }
}
