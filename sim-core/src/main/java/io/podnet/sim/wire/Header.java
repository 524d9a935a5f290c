package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One protocol header. Each implementation is a record validated in its compact constructor, with a
 * static {@code decode(ByteBuffer)}, and owns everything the rest of the code needs to know about
 * its format: how it is written ({@link #encode(ByteBuffer, int)}), its checksum
 * ({@link #fillChecksum}), its name and fields as a person reads them ({@link #title()},
 * {@link #fields()}) and as the JSON trace renders them ({@link #layer()}, {@link #describe}).
 * Nothing outside a header's own file dispatches on its class to do these (smoltcp keeps
 * {@code fill_checksum} in each wire module the same way).
 *
 * <p>Fields that the wire derives from the rest of the packet (lengths, checksums) are computed by
 * {@link Packet#encode()} through these hooks; the records keep only what a sender chooses.
 */
public sealed interface Header
        permits EthernetHeader, ArpPacket, Ipv4Header, IcmpHeader, UdpHeader, TcpHeader, VxlanHeader, GeneveHeader,
        WireguardHeader, SctpHeader {
    /** Bytes this header occupies on the wire. */
    int encodedLength();

    /**
     * Writes the header at the buffer's position; {@code length} is the number of bytes from this
     * header's first byte to the end of the packet (IPv4's total length, UDP's length). Checksums
     * that cover what follows are written as zero and filled in by {@link #fillChecksum}.
     */
    void encode(ByteBuffer buf, int length);

    /**
     * Fills in this header's checksum once the whole packet is written (innermost header first, so
     * an outer checksum covers finished inner bytes). {@code frame[offset, offset + length)} is this
     * header and everything after it; {@code ip} is the nearest enclosing IPv4 header, or null, for a
     * pseudo header. Headers without such a checksum do nothing.
     */
    default void fillChecksum(byte[] frame, int offset, int length, Ipv4Header ip) {}

    /** A short human description, e.g. {@code IPv4 10.244.1.2 > 10.96.0.10 ttl=64 proto=tcp}. */
    String summary();

    /** The protocol's name as a person reads it: {@code Ethernet}, {@code IPv4}, {@code TCP}. */
    String title();

    /** The fields as a person reads them, with where each lies in the header. */
    List<HeaderField> fields();

    /** The layer name of the JSON trace: {@code ethernet}, {@code ipv4}, {@code tcp}. */
    String layer();

    /** Writes the fields of the JSON trace (after its {@code layer} key). */
    void describe(Attributes out);
}
