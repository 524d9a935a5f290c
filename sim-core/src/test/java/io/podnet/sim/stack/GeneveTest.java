package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.device.GeneveDevice;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.DecodeOptions;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneveTest {
    @Test
    void podToPodOverGeneveWithOptions() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.GENEVE, 1442, 1442, 8));
        long id = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 100, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod-b").size(), run.dump());
        assertEquals(62, run.inbox.get("pod-b").get(0).packet().first(Ipv4Header.class).ttl());
        TraceEvent encap = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.ENCAP)
                .findFirst().orElseThrow();
        assertEquals("node1/gnv0", encap.location());
        assertEquals(new Decision.Tunnel("geneve", 1, "172.18.0.2", "172.18.0.3", 6081, 58), encap.decision());
        Packet outer = encap.after();
        GeneveHeader g = outer.first(GeneveHeader.class);
        assertEquals(8, g.optionsLength());
        assertTrue(g.critical());
        UdpHeader udp = outer.first(UdpHeader.class);
        assertEquals(6081, udp.dstPort());
        assertEquals(false, udp.checksummed(), "Linux geneve sends no outer UDP checksum unless udpcsum is set");
        assertEquals(false, outer.first(Ipv4Header.class).dontFragment());
        TraceEvent wire = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.TX
                && e.location().equals("node1/eth0")).findFirst().orElseThrow();
        assertEquals(14 + 58 + 128, wire.packet().length(), "outer Ethernet + 58 bytes of GENEVE overhead + the inner datagram");
        assertEquals(wire.packet(), Packet.decodeEthernet(wire.packet().encode(), DecodeOptions.DEFAULT), "byte-true");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.packetId() == id && e.kind() == EventKind.DECAP
                && e.location().equals("node2/gnv0")));
        assertEquals(List.of("0a:00:00:00:02:00 dev gnv0 dst 172.18.0.3 self permanent"),
                ((GeneveDevice) run.ns("node1").device("gnv0")).fdbText());
    }

    @Test
    void withoutOptionsTheOverheadIsVxlans() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.GENEVE, 1450, 1450, 0));
        long id = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 1422, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod-b").size(), run.dump());
        TraceEvent wire = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.TX
                && e.location().equals("node1/eth0")).findFirst().orElseThrow();
        assertEquals(1500, wire.packet().lengthFrom(1), "a 1450-byte pod packet fills the 1500-byte underlay exactly");
    }

    @Test
    void aMissingFdbEntryDropsAndAnUnknownVniIsRefused() {
        Nets.Run run = new Nets.Run(Tunnels.of(Tunnels.Kind.GENEVE, 1450, 1450, 0));
        ((GeneveDevice) run.ns("node1").device("gnv0")).removeFdb(Nets.mac(Tunnels.tunnelMac(2)));
        long id = run.udp("pod-a", null, "10.244.2.2", 1000, 2000, 10, true);
        run.engine.runUntilIdle();
        TraceEvent drop = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.DROP)
                .findFirst().orElseThrow();
        assertEquals(DropReason.NO_FDB_ENTRY, ((Decision.Drop) drop.decision()).reason());
        assertTrue(new GeneveDevice(run.ns("node1"), "x", 99, Nets.mac("02:00:00:00:00:09"), 1500, 1, 6081, null, 12)
                .overhead() == 62);
    }
}
