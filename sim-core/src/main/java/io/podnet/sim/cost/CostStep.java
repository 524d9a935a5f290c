package io.podnet.sim.cost;

import java.util.Locale;

/**
 * The kernel steps a packet pays CPU for. Each step has a per-packet and a per-byte cost in a
 * {@link CostProfile}; the per-byte part is charged where the kernel's work scales with the
 * packet's length (copies, checksums, crypto). The profile names a step by its {@link #key()}
 * ({@code socket-send}, {@code netfilter-rule}...).
 */
public enum CostStep {
    /** sendmsg()/write() on a socket: the syscall and the copy from user memory (per byte). */
    SOCKET_SEND("the send syscall and its copy from user memory"),
    /** recvmsg()/read(): waking the reader and the copy to user memory (per byte). */
    SOCKET_RECEIVE("waking the reader and its copy to user memory"),
    /** TCP transmit: building one segment (or one GSO super-packet), timers, queueing. */
    TCP_SEGMENT_TX("TCP transmit work per segment (per super-packet with GSO)"),
    /** TCP receive: the socket lookup, sequence/ACK processing per segment (per GRO batch). */
    TCP_SEGMENT_RX("TCP receive work per segment (per GRO-merged batch)"),
    /** UDP transmit of one datagram. */
    UDP_DATAGRAM_TX("UDP transmit work per datagram"),
    /** UDP receive of one datagram (socket lookup and queueing). */
    UDP_DATAGRAM_RX("UDP receive work per datagram"),
    /** One FIB lookup (output or input/forward route). */
    ROUTE_LOOKUP("one route (FIB) lookup"),
    /** One netfilter hook traversed with rules attached (per table evaluated at the hook). */
    NETFILTER_HOOK("one netfilter hook traversal (per table evaluated)"),
    /** One iptables rule evaluated (iptables walks chains linearly). */
    NETFILTER_RULE("one iptables rule evaluated"),
    /** A conntrack lookup of an existing entry. */
    CONNTRACK_LOOKUP("a conntrack lookup"),
    /** Creating and confirming a conntrack entry (first packet of a connection). */
    CONNTRACK_INSERT("creating and confirming a conntrack entry"),
    /** Rewriting addresses/ports for NAT (DNAT, SNAT, MASQUERADE, reverse NAT). */
    NAT("a NAT rewrite"),
    /** veth transmit: handing the skb to the peer's backlog (netif_rx). */
    VETH_XMIT("a veth transmit (netif_rx to the peer)"),
    /** A Linux bridge forwarding or delivering a frame (FDB lookup included). */
    BRIDGE_FORWARD("a bridge forward (FDB lookup)"),
    /** VXLAN encapsulation (outer headers, UDP tunnel transmit). */
    VXLAN_ENCAP("VXLAN encapsulation"),
    /** VXLAN decapsulation. */
    VXLAN_DECAP("VXLAN decapsulation"),
    /** GENEVE encapsulation. */
    GENEVE_ENCAP("GENEVE encapsulation"),
    /** GENEVE decapsulation. */
    GENEVE_DECAP("GENEVE decapsulation"),
    /** IPIP encapsulation. */
    IPIP_ENCAP("IPIP encapsulation"),
    /** IPIP decapsulation. */
    IPIP_DECAP("IPIP decapsulation"),
    /** WireGuard encryption (ChaCha20-Poly1305; per byte dominates). */
    WIREGUARD_ENCRYPT("WireGuard encryption (ChaCha20-Poly1305)"),
    /** WireGuard decryption. */
    WIREGUARD_DECRYPT("WireGuard decryption (ChaCha20-Poly1305)"),
    /** Software GSO: splitting a super-packet into wire-sized segments (per segment produced). */
    GSO_SEGMENT("software segmentation of a super-packet (per segment)"),
    /** GRO: merging a received segment into a batch (per segment merged). */
    GRO_MERGE("GRO merging a received segment (per segment)"),
    /** NIC driver transmit on a physical (underlay) device. */
    NIC_TX("a NIC driver transmit"),
    /** NIC receive in softirq (NAPI poll, skb build) on a physical (underlay) device. */
    NIC_RX("a NIC receive in softirq (NAPI)");

    private final String description;

    CostStep(String description) {
        this.description = description;
    }

    /**
     * True for steps the kernel pays for every wire-sized segment even when TCP hands down GSO
     * super-packets: GSO/GRO themselves, the NIC's receive (one descriptor per segment) and
     * WireGuard's crypto (it segments a GSO skb before encrypting each packet).
     */
    public boolean perWireSegment() {
        return this == GSO_SEGMENT || this == GRO_MERGE || this == NIC_RX || this == WIREGUARD_ENCRYPT
                || this == WIREGUARD_DECRYPT;
    }

    /** The name in a profile: lower case with dashes, e.g. {@code netfilter-rule}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the step covers, for docs and reports. */
    public String description() {
        return description;
    }

    /** The step with this profile key, or null. */
    public static CostStep ofKey(String key) {
        for (CostStep s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
