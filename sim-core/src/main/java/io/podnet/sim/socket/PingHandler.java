package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/** What a ping client hears from its ICMP echo socket. */
public interface PingHandler {
    /** An echo reply with our identifier arrived from {@code from}. */
    void onReply(PingSocket socket, Ipv4Address from, int sequence, byte[] payload);

    /** An ICMP error quoting one of our echo requests arrived, sent by {@code reporter}. */
    default void onError(PingSocket socket, Ipv4Address reporter, int sequence, SocketError error) {}
}
