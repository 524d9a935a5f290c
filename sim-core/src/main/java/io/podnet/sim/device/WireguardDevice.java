package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.DecodeOptions;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.WireException;
import io.podnet.sim.wire.WireguardHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A WireGuard device: an L3 tunnel over UDP with cryptokey routing, as Linux's {@code wireguard}.
 *
 * <p>Transmit: the peer is the one whose allowed IPs hold the inner destination (longest prefix
 * wins); none means the packet is dropped and the sender gets ICMP host unreachable (Linux:
 * {@code ENOKEY}). The packet becomes a transport data message to the peer's endpoint: outer IPv4
 * from this node (TTL 64, DF clear, the inner ECN bits in the TOS), UDP from the listen port to the
 * peer's port with a checksum, the WireGuard header (the peer's receiver index, a per-peer counter
 * from 0) and the "encrypted" packet: 60 bytes of overhead plus padding to 16 (not past the
 * device's MTU).
 *
 * <p><b>No cryptography:</b> sessions are taken as already established (no handshake messages are
 * sent) and the payload is the inner packet in clear, padded, with a zero tag
 * ({@link WireguardHeader#seal}); only sizes and addressing are simulated.
 *
 * <p>Receive: a datagram to the listen port must come from a configured peer's endpoint address,
 * and the inner source must be in that peer's allowed IPs (else it is dropped, as Linux drops
 * "packet has unallowed src IP"); the inner packet is then received on this device.
 */
public final class WireguardDevice extends NetDevice implements UdpTunnel {
    public static final int DEFAULT_TTL = 64;

    private final int listenPort;
    private final List<Peer> peers = new ArrayList<>();
    private int nextIpId;

    /** One configured peer with its counter and the receiver index it uses for us. */
    private static final class Peer {
        final InterfaceConfig.WireguardPeer config;
        final long receiverIndex;
        long counter;

        Peer(InterfaceConfig.WireguardPeer config, long receiverIndex) {
            this.config = config;
            this.receiverIndex = receiverIndex;
        }
    }

    public WireguardDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu, int listenPort,
                           List<InterfaceConfig.WireguardPeer> peers) {
        super(host, name, ifindex, mac == null ? MacAddress.ZERO : mac, mtu);
        if (listenPort <= 0 || listenPort > 0xffff) {
            throw new IllegalArgumentException("WireGuard listen port of " + location() + " must be 1-65535, was "
                    + listenPort);
        }
        this.listenPort = listenPort;
        for (InterfaceConfig.WireguardPeer p : peers) {
            if (p.endpoint() == null) {
                throw new IllegalArgumentException("WireGuard peer " + p.name() + " of " + location() + " has no endpoint");
            }
            if (p.port() <= 0 || p.port() > 0xffff) {
                throw new IllegalArgumentException("WireGuard peer " + p.name() + " of " + location()
                        + " has port " + p.port() + ", not 1-65535");
            }
            this.peers.add(new Peer(p, receiverIndex(host.name(), p)));
        }
    }

    /** A stable stand-in for the random index the peer picked in its handshake. */
    private static long receiverIndex(String self, InterfaceConfig.WireguardPeer p) {
        long h = FlowHash.mix(self.hashCode() * 0x9e3779b97f4a7c15L ^ p.endpoint().bits() ^ ((long) p.port() << 32));
        return h & 0xffffffffL;
    }

    @Override
    public String kind() {
        return "wireguard";
    }

    @Override
    public boolean usesArp() {
        return false;
    }

    @Override
    public int udpPort() {
        return listenPort;
    }

    /** The configured peers in order. */
    public List<InterfaceConfig.WireguardPeer> peers() {
        List<InterfaceConfig.WireguardPeer> out = new ArrayList<>();
        for (Peer p : peers) {
            out.add(p.config);
        }
        return out;
    }

    /** The peer whose allowed IPs hold {@code dst} (longest prefix; the first configured on a tie), or empty. */
    public Optional<InterfaceConfig.WireguardPeer> peerFor(Ipv4Address dst) {
        Peer p = lookup(dst);
        return p == null ? Optional.empty() : Optional.of(p.config);
    }

    private Peer lookup(Ipv4Address dst) {
        Peer best = null;
        int bestLen = -1;
        for (Peer p : peers) {
            for (Ipv4Prefix a : p.config.allowedIps()) {
                if (a.contains(dst) && a.length() > bestLen) {
                    best = p;
                    bestLen = a.length();
                }
            }
        }
        return best;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        Packet p = frame.packet();
        if (!(p.header(0) instanceof EthernetHeader) || p.headerCount() < 2 || !(p.header(1) instanceof Ipv4Header)) {
            drop(frame, DropReason.INVALID, name() + " only carries IPv4");
            return;
        }
        frame.setPacket(p.decapsulate(1));
        transmitDatagram(frame, ((Ipv4Header) p.header(1)).dst());
    }

    @Override
    public void transmitDatagram(PacketBuffer datagram, Ipv4Address nextHop) {
        if (!beginTransmit(datagram)) {
            return;
        }
        Packet inner = datagram.packet();
        Ipv4Header in = (Ipv4Header) inner.header(0);
        Peer peer = lookup(in.dst());
        if (peer == null) {
            drop(datagram, DropReason.NO_ROUTE, name() + ": no peer has allowed IPs matching " + in.dst()
                    + " (ENOKEY), so there is no one to encrypt it for");
            host.icmpError(datagram, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_HOST_UNREACHABLE, 0);
            return;
        }
        Ipv4Address endpoint = peer.config.endpoint();
        Ipv4Address src = host.sourceFor(endpoint);
        if (src == null) {
            drop(datagram, DropReason.NO_ROUTE, name() + " has no route to peer " + peer.config.name() + "'s endpoint "
                    + endpoint);
            return;
        }
        if (host.tracer().enabled()) {
            host.trace(datagram, name(), EventKind.NOTE, name() + " cryptokey routing: " + in.dst() + " is in the allowed IPs"
                    + " of peer " + peer.config.name() + " (endpoint " + endpoint + ":" + peer.config.port() + ")", inner, null,
                    null);
        }
        Ipv4Header outerIp = new Ipv4Header(FlowHash.ecnEncap(in.tos()), nextIpId, false, false, 0, DEFAULT_TTL,
                Ipv4Header.PROTO_UDP, src, endpoint);
        nextIpId = (nextIpId + 1) & 0xffff;
        WireguardHeader wg = new WireguardHeader(peer.receiverIndex, peer.counter++);
        byte[] sealed = WireguardHeader.seal(inner, mtu());
        Packet outer = Packet.of(sealed, outerIp, new UdpHeader(listenPort, peer.config.port()), wg);
        int overhead = outer.length() - inner.length();
        if (datagram.gsoFollower()) {
            host.charge(datagram, CostStep.GSO_SEGMENT, inner.length());
        }
        host.charge(datagram, CostStep.WIREGUARD_ENCRYPT, inner.length());
        if (host.tracer().enabled()) {
            host.trace(datagram, name(), EventKind.ENCAP, name() + " encrypts the packet for peer " + peer.config.name()
                    + " (counter " + wg.counter() + ", " + (sealed.length - inner.length() - WireguardHeader.TAG_LENGTH)
                    + " bytes of padding; simulated, not encrypted) and sends it to " + endpoint + ":" + peer.config.port()
                    + " (" + overhead + " bytes of overhead)", inner, outer,
                    new Decision.Tunnel("wireguard", 0, src.toString(), endpoint.toString(), peer.config.port(), overhead));
        }
        datagram.setPacket(outer);
        host.outputDatagram(datagram);
    }

    @Override
    public boolean receiveEncapsulated(PacketBuffer datagram) {
        Packet outer = datagram.packet();
        Ipv4Header outerIp = (Ipv4Header) outer.header(0);
        WireguardHeader wg = outer.first(WireguardHeader.class);
        if (wg == null) {
            drop(datagram, DropReason.INVALID, name() + " received something on port " + listenPort
                    + " that is not a WireGuard transport data message (handshakes are not simulated)");
            return true;
        }
        Peer peer = null;
        for (Peer p : peers) {
            if (p.config.endpoint().equals(outerIp.src())) {
                peer = p;
                break;
            }
        }
        if (peer == null) {
            drop(datagram, DropReason.INVALID, name() + " has no peer at " + outerIp.src()
                    + ": it has no session key to decrypt the packet with");
            return true;
        }
        Packet inner;
        try {
            Optional<Packet> opened = WireguardHeader.open(outer.payload(), DecodeOptions.NONE);
            if (opened.isEmpty()) {
                if (host.tracer().enabled()) {
                    host.trace(datagram, name(), EventKind.NOTE, name() + " receives a keepalive from peer "
                            + peer.config.name(), outer, null, null);
                }
                return true;
            }
            inner = opened.get();
        } catch (WireException e) {
            drop(datagram, DropReason.INVALID, name() + " cannot decrypt the packet from " + outerIp.src() + ": "
                    + e.getMessage());
            return true;
        }
        Ipv4Header in = (Ipv4Header) inner.header(0);
        int overhead = outer.length() - inner.length();
        host.charge(datagram, CostStep.WIREGUARD_DECRYPT, inner.length());
        if (host.tracer().enabled()) {
            host.trace(datagram, name(), EventKind.DECAP, name() + " decrypts the packet from peer " + peer.config.name()
                    + " (counter " + Long.toUnsignedString(wg.counter()) + ")", outer, inner,
                    new Decision.Tunnel("wireguard", 0, outerIp.src().toString(), outerIp.dst().toString(), listenPort,
                            overhead));
        }
        boolean allowed = false;
        for (Ipv4Prefix a : peer.config.allowedIps()) {
            if (a.contains(in.src())) {
                allowed = true;
                break;
            }
        }
        if (!allowed) {
            datagram.setPacket(inner);
            drop(datagram, DropReason.MARTIAN, name() + ": packet has unallowed src IP " + in.src() + " from peer "
                    + peer.config.name() + " (allowed IPs " + peer.config.allowedIps() + ")");
            return true;
        }
        datagram.setPacket(inner.encapsulate(List.of(
                new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, EthernetHeader.TYPE_IPV4))));
        receive(datagram);
        return true;
    }
}
