/**
 * Byte-true wire formats: Ethernet II, ARP, IPv4 (and IPIP, IPv4 in IPv4), ICMP, UDP, TCP, SCTP
 * (common header and chunks, CRC32c), VXLAN, GENEVE and WireGuard transport data, and the immutable {@link io.podnet.sim.wire.Packet} that
 * stacks them.
 *
 * <p>Contract:
 * <ul>
 *   <li>Each header is a record validated in its compact constructor (bad arguments are
 *       {@code IllegalArgumentException}s naming the value) with {@code encode}, a static
 *       {@code decode} and {@code encodedLength()}. Fields the wire derives (IPv4 total length and
 *       header checksum, UDP length, ICMP/UDP/TCP checksums) are not stored: {@link
 *       io.podnet.sim.wire.Packet#encode()} computes them, innermost first, so an outer UDP checksum
 *       covers the finished inner frame.</li>
 *   <li>Each header owns its format: {@link io.podnet.sim.wire.Header} has the hooks to write it, fill
 *       its checksum given the enclosing IPv4 header (the pseudo header), and list its fields for a
 *       person ({@code title}, {@code fields} with bit offsets) and for the JSON trace ({@code layer},
 *       {@code describe}). Nothing dispatches on header classes to do these; the decoder picks the
 *       next header's reader from registries keyed by Ethernet type, IPv4 protocol and UDP port.</li>
 *   <li>{@link io.podnet.sim.wire.Packet#decodeEthernet} and {@link io.podnet.sim.wire.Packet#decodeIpv4}
 *       verify every length and checksum and throw {@link io.podnet.sim.wire.WireException} with a
 *       readable message for truncated or corrupt bytes. For the frames Linux sends, decoding and
 *       encoding again gives the same bytes (the tests hold frames captured from Linux 6.18);
 *       the exceptions are IPv4 options and TCP options other than MSS, window scale,
 *       SACK-permitted and timestamps, which are dropped, and Ethernet padding.</li>
 *   <li>A fragment is an IPv4 header and raw bytes; {@link io.podnet.sim.wire.Ipv4Fragments} splits and
 *       joins datagrams as Linux does. {@link io.podnet.sim.wire.IcmpQuote} builds and reads the
 *       datagram an ICMP error quotes (Linux: up to 576 bytes in all) and rewrites it for NAT; it is
 *       the one builder of ICMP error datagrams (the stack's {@code IcmpErrors} and the socket
 *       layer go through it) and the one reader of quoted bytes.</li>
 *   <li>Tunnels: the decoder follows IPIP always and VXLAN, GENEVE and WireGuard on the UDP ports a
 *       {@link io.podnet.sim.wire.DecodeOptions} names. WireGuard's payload is <em>not</em> encrypted
 *       in the simulation: {@link io.podnet.sim.wire.WireguardHeader#seal} carries the real inner
 *       bytes, zero padding and a zero tag, so sizes are true and the receiver can open it.</li>
 *   <li>Simulation-only facts (packet id, flow, mark, conntrack) never live in headers: they travel
 *       in {@link io.podnet.sim.wire.PacketBuffer}.</li>
 * </ul>
 */
package io.podnet.sim.wire;
