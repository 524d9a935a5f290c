package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Address;

/**
 * A host outside the cluster ({@code cluster.external[]}): one interface on the underlay segment
 * with its own address; it reaches node addresses directly and LoadBalancer ingress IPs through
 * the first node (as a load balancer in front of the cluster would hand them on).
 */
public record ExternalHost(String name, Ipv4Address address, SourceLocation location) {}
