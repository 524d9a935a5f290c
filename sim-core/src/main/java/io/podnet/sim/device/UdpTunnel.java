package io.podnet.sim.device;

import io.podnet.sim.wire.PacketBuffer;

/**
 * A tunnel device that receives its encapsulated traffic as UDP datagrams to one port (VXLAN,
 * GENEVE, WireGuard): the namespace hands it every datagram to that port that INPUT accepted.
 */
public interface UdpTunnel {
    /** The UDP port the device listens on. */
    int udpPort();

    /** {@code vxlan}, {@code geneve} or {@code wireguard}. */
    String kind();

    boolean isUp();

    /**
     * Takes a datagram (starting with the outer IPv4 header) addressed to {@link #udpPort()}.
     * Returns false when it is not for this device (another VNI), so the next device may try; a
     * device that takes the datagram but rejects it traces the drop itself and returns true.
     */
    boolean receiveEncapsulated(PacketBuffer datagram);
}
