package io.podnet.sim.config;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;

/** A static FDB entry on a VXLAN device: {@code bridge fdb append MAC dev DEV dst IP self permanent}. */
public record FdbConfig(MacAddress mac, String device, Ipv4Address destination) {}
