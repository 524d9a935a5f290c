package io.podnet.sim.wire;

import java.nio.ByteBuffer;

/**
 * One protocol header. Each implementation is a record validated in its compact constructor,
 * with {@code encode(ByteBuffer)}, a static {@code decode(ByteBuffer)} and {@link #encodedLength()}.
 *
 * <p>Fields that the wire derives from the rest of the packet (lengths, checksums) are computed by
 * {@link Packet#encode()}; the records keep only what a sender chooses.
 */
public sealed interface Header
        permits EthernetHeader, ArpPacket, Ipv4Header, IcmpHeader, UdpHeader, TcpHeader, VxlanHeader, GeneveHeader,
        WireguardHeader {
    /** Bytes this header occupies on the wire. */
    int encodedLength();

    /** A short human description, e.g. {@code IPv4 10.244.1.2 > 10.96.0.10 ttl=64 proto=tcp}. */
    String summary();
}
