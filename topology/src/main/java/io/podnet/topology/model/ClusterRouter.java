package io.podnet.topology.model;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * A top-of-rack router of a routed underlay: {@code eth0} on its rack's segment (the rack's
 * {@code .1}), {@code eth1} on the core segment joining the routers.
 *
 * @param name        namespace name, {@code tor-RACK}
 * @param rack        the rack
 * @param rackCidr    the rack subnet
 * @param rackAddress its address in the rack (the nodes' gateway)
 * @param coreCidr    the core segment
 * @param coreAddress its address on the core segment
 */
public record ClusterRouter(String name, String rack, Ipv4Prefix rackCidr, Ipv4Address rackAddress, Ipv4Prefix coreCidr,
                            Ipv4Address coreAddress) {}
