package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/** What an application hears from a UDP socket. */
public interface UdpHandler {
    /**
     * A datagram arrived from {@code from}, addressed to {@code to} (one of our addresses).
     * {@code flow} is the traffic item the datagram belonged to, for replies.
     */
    void onDatagram(UdpSocket socket, Endpoint from, Ipv4Address to, byte[] data, String flow);

    /**
     * An ICMP error came back for a datagram this socket sent to {@code remote} (as Linux reports it
     * on a connected UDP socket: port unreachable → ECONNREFUSED, host unreachable → EHOSTUNREACH).
     */
    default void onError(UdpSocket socket, Endpoint remote, SocketError error) {}
}
