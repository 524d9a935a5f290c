package io.podnet.sim.stack;

import io.podnet.sim.wire.PacketBuffer;

/**
 * Receives datagrams addressed to the namespace after INPUT accepted them (the socket layer
 * implements this). The packet starts with its {@code Ipv4Header}.
 */
@FunctionalInterface
public interface LocalDelivery {
    void deliver(PacketBuffer datagram);
}
