package io.podnet.sim.config;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;

/** A permanent neighbour entry: {@code ip neigh replace IP lladdr MAC dev DEV nud permanent}. */
public record NeighbourConfig(Ipv4Address ip, MacAddress mac, String device) {}
