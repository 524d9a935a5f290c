/**
 * Sockets above a namespace's IP layer: TCP (a real state machine with retransmission, slow start
 * and congestion avoidance, FIN handshakes and RST), UDP, ICMP echo, SCTP one-to-one associations
 * (four-way handshake with a State Cookie, DATA/SACK with T3-rtx, graceful SHUTDOWN, ABORT; see
 * {@link io.podnet.sim.socket.SctpAssociation}), and the kernel's answers when no socket matches
 * (RST/ACK, ICMP port unreachable, echo reply, SCTP ABORT to an out-of-the-blue packet).
 *
 * <p>Contract: code only against {@link io.podnet.sim.stack.IpLayer} (send) and
 * {@link io.podnet.sim.stack.LocalDelivery} (receive, implemented by {@link io.podnet.sim.socket.SocketLayer}).
 * Every packet handed down starts at its IPv4 header and carries the traffic item ({@code flow}) of
 * the socket. Errors reach applications as {@link io.podnet.sim.socket.SocketError} callbacks, never
 * as exceptions; exceptions mean API misuse. Deterministic: all randomness (ISNs, ephemeral ports,
 * IP identification, ping identifiers) comes from the injected {@code SplittableRandom}. The model
 * never prints: SEND, DELIVER, DROP (NO_SOCKET), ICMP_ERROR and NOTE trace events explain each step.
 *
 * <p>Simplifications (documented where they live): TIME_WAIT is shortened (1 s by default), no
 * SACK blocks, timestamps, Nagle or persist timer; rate limits on ICMP errors and RSTs are ignored.
 * SCTP: one stream, one path, one DATA chunk per packet, no fast retransmit or heartbeats; an ICMP
 * error is a soft error to an association (Linux without IP_RECVERR).
 */
package io.podnet.sim.socket;
