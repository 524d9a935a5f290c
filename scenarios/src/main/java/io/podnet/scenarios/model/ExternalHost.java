package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * A host outside the cluster ({@code cluster.external[]}): one interface with its own address. On
 * the underlay segment ({@code subnet} null) it reaches node addresses directly and LoadBalancer
 * ingress IPs through the first node (as a load balancer in front of the cluster would hand them
 * on). With {@code behind: router} it sits on its own subnet behind the underlay's gateway router,
 * which forwards between that subnet and the nodes.
 *
 * @param subnet the host's subnet behind the router ({@code address: A.B.C.D/LEN}, /24 when no length
 *               is given), or null for a host on the underlay
 */
public record ExternalHost(String name, Ipv4Address address, SourceLocation location, Ipv4Prefix subnet) {
    /** A host on the underlay segment. */
    public ExternalHost(String name, Ipv4Address address, SourceLocation location) {
        this(name, address, location, null);
    }

    /** Whether the host sits behind the underlay's gateway router. */
    public boolean behindRouter() {
        return subnet != null;
    }
}
