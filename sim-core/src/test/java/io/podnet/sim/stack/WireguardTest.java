package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.DecodeOptions;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.WireguardHeader;
import org.junit.jupiter.api.Test;

class WireguardTest {
    @Test
    void podToPodThroughCryptokeyRouting() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.WIREGUARD, 1420, 1420, 0));
        long id = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 100, true);
        long id2 = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 100, true);
        run.engine.runUntilIdle();
        assertEquals(2, run.inbox.get("pod-b").size(), run.dump());
        assertEquals(62, run.inbox.get("pod-b").get(0).packet().first(Ipv4Header.class).ttl());
        TraceEvent encap = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.ENCAP)
                .findFirst().orElseThrow();
        assertEquals("node1/wg0", encap.location());
        // 128-byte inner datagram: already a multiple of 16, so 60 bytes of overhead and no padding
        assertEquals(new Decision.Tunnel("wireguard", 0, "172.18.0.2", "172.18.0.3", 51820, 60), encap.decision());
        Packet outer = encap.after();
        assertEquals(new UdpHeader(51820, 51820), outer.first(UdpHeader.class));
        assertEquals(0, outer.first(WireguardHeader.class).counter());
        assertEquals(false, outer.first(Ipv4Header.class).dontFragment(), "WireGuard never sets DF on the outer header");
        TraceEvent encap2 = run.rec.events().stream().filter(e -> e.packetId() == id2 && e.kind() == EventKind.ENCAP)
                .findFirst().orElseThrow();
        assertEquals(1, encap2.after().first(WireguardHeader.class).counter(), "a per-peer counter");
        TraceEvent wire = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.TX
                && e.location().equals("node1/eth0")).findFirst().orElseThrow();
        Packet decoded = Packet.decodeEthernet(wire.packet().encode(), DecodeOptions.DEFAULT);
        assertEquals(wire.packet(), decoded);
        assertEquals(128 + 16, decoded.payloadLength(), "the encrypted packet stays opaque to the decoder");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.packetId() == id && e.kind() == EventKind.DECAP
                && e.location().equals("node2/wg0")));
    }

    @Test
    void paddingAddsToTheOverhead() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.WIREGUARD, 1420, 1420, 0));
        long id = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 101, true);
        run.engine.runUntilIdle();
        TraceEvent encap = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.ENCAP)
                .findFirst().orElseThrow();
        assertEquals(60 + 15, ((Decision.Tunnel) encap.decision()).overhead(), "129 bytes pad to 144");
        long full = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 1420 - 28, true);
        run.engine.runUntilIdle();
        TraceEvent wire = run.rec.events().stream().filter(e -> e.packetId() == full && e.kind() == EventKind.TX
                && e.location().equals("node1/eth0")).findFirst().orElseThrow();
        assertEquals(1480, wire.packet().lengthFrom(1), "1420 + 60: padding stops at the MTU (1420 is not a multiple of 16)");
        assertEquals(2, run.inbox.get("pod-b").size(), run.dump());
    }

    @Test
    void noPeerForTheDestinationIsHostUnreachable() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.WIREGUARD, 1420, 1420, 0));
        run.ns("node1").addRoute(Nets.via("10.99.0.0/16", "10.244.2.0", "wg0", true));
        long id = run.udp("pod-a", null, "10.99.0.1", 1000, 2000, 10, true);
        run.engine.runUntilIdle();
        TraceEvent drop = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.DROP)
                .findFirst().orElseThrow();
        assertEquals("node1/wg0", drop.location());
        assertTrue(drop.explanation().contains("ENOKEY"), drop.explanation());
        Packet err = run.inbox.get("pod-a").get(0).packet();
        assertEquals(IcmpHeader.DEST_UNREACHABLE, err.first(IcmpHeader.class).type());
        assertEquals(IcmpHeader.CODE_HOST_UNREACHABLE, err.first(IcmpHeader.class).code());
    }

    @Test
    void aSourceOutsideThePeersAllowedIpsIsDropped() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.WIREGUARD, 1420, 1420, 0));
        // node1 sends from 10.99.0.1, which node2's peer entry for node1 does not allow
        run.ns("node1").addAddress(run.ns("node1").device("wg0"), Nets.cidr("10.99.0.1/32"));
        long id = run.udp("node1", "10.99.0.1", "10.244.2.2", 1000, 2000, 10, true);
        run.engine.runUntilIdle();
        assertTrue(run.inbox.get("pod-b").isEmpty(), run.dump());
        TraceEvent drop = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.DROP)
                .findFirst().orElseThrow();
        assertEquals("node2/wg0", drop.location());
        assertEquals(DropReason.MARTIAN, ((Decision.Drop) drop.decision()).reason());
        assertTrue(drop.explanation().contains("unallowed src IP 10.99.0.1"), drop.explanation());
    }
}
