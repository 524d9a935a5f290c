package io.podnet.sim.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentTest {
    final Engine engine = new Engine();
    final Tracer tracer = new Tracer(engine);
    final TraceRecorder rec = new TraceRecorder();
    final List<PacketBuffer> got = new ArrayList<>();

    SimNetwork net(long bps, long latency, int queue) {
        List<NamespaceConfig> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(new NamespaceConfig("n" + i, "node", "n" + i, List.of(new InterfaceConfig.Nic("eth0",
                    MacAddress.parse("02:00:00:00:00:0" + i), 1500, List.of(Ipv4Prefix.parse("172.18.0." + i + "/24")),
                    "lan")), List.of(), List.of(), List.of(), Sysctls.HOST, ""));
        }
        SegmentConfig seg = new SegmentConfig("lan", Ipv4Prefix.parse("172.18.0.0/24"), bps, latency, 1500, queue);
        tracer.addListener(rec);
        SimNetwork n = new NetworkBuilder(new NetworkConfig(nodes, List.of(seg)), engine, tracer, new SeededRandoms(1))
                .build();
        n.namespace("n2").setLocalDelivery(got::add);
        // Static neighbours so only data frames use the links.
        n.namespace("n1").neighbours().addPermanent(Ipv4Address.parse("172.18.0.2"), MacAddress.parse("02:00:00:00:00:02"),
                n.namespace("n1").device("eth0"));
        return n;
    }

    static void send(NetNamespace from, String dst, int size) {
        from.output(new PacketBuffer(from.nextPacketId(), "bulk", Packet.of(new byte[size],
                new Ipv4Header(0, 1, true, false, 0, 64, 17, Ipv4Address.ANY, Ipv4Address.parse(dst)),
                new UdpHeader(9, 9))));
    }

    @Test
    void serialisationAndPropagationDelays() {
        SimNetwork n = net(1_000_000_000L, 10 * Durations.US, 10);
        send(n.namespace("n1"), "172.18.0.2", 1472); // 1500-byte packet, 1514-byte frame
        engine.runUntilIdle();
        assertEquals(1, got.size());
        // (1514 + 24) bytes * 8 at 1 Gbit/s = 12.304 us, twice (uplink and switch egress), + 10 us.
        assertEquals(12_304 + 10_000 + 12_304, engine.now());
        LinkQueue up = n.segment("lan").port((io.podnet.sim.device.NicDevice) n.device("n1/eth0")).uplink();
        assertEquals(12_304, up.serialisationNanos(1514));
        assertEquals(84 * 8, up.serialisationNanos(42), "short frames are padded to 60 bytes");
        TraceEvent link = rec.events().stream().filter(e -> e.kind() == EventKind.LINK).findFirst().orElseThrow();
        assertEquals(new Decision.LinkHop("n1.eth0>lan", 12_304, 10_000, 0), link.decision());
        assertEquals("lan/n1.eth0>lan", link.location());
    }

    @Test
    void aSlowLinkDropsWhenItsQueueIsFull() {
        SimNetwork n = net(1_000_000L, 0, 2);
        for (int i = 0; i < 10; i++) {
            send(n.namespace("n1"), "172.18.0.2", 1000);
        }
        engine.runUntilIdle();
        // One frame on the wire, two waiting; the other seven find the queue full.
        assertEquals(3, got.size());
        long drops = rec.events().stream().filter(e -> e.decision() instanceof Decision.Drop d
                && d.reason() == DropReason.QUEUE_FULL).count();
        assertEquals(7, drops);
        List<Long> waits = rec.events().stream().filter(e -> e.location().equals("lan/n1.eth0>lan")
                && e.kind() == EventKind.LINK).map(e -> ((Decision.LinkHop) e.decision()).queueNs()).toList();
        long ser = (1042 + 24) * 8 * 1000L;
        assertEquals(List.of(0L, ser, 2 * ser), waits);
    }

    @Test
    void aFailedLinkDropsAndARestoredOneCarries() {
        SimNetwork n = net(1_000_000_000L, 0, 10);
        n.setLinkUp("n2/eth0", false);
        send(n.namespace("n1"), "172.18.0.2", 100);
        engine.runUntilIdle();
        assertTrue(got.isEmpty());
        assertTrue(rec.events().stream().anyMatch(e -> e.decision() instanceof Decision.Drop d
                && d.reason() == DropReason.LINK_DOWN));
        n.setLinkUp("n2/eth0", true);
        send(n.namespace("n1"), "172.18.0.2", 100);
        engine.runUntilIdle();
        assertEquals(1, got.size());
    }

    @Test
    void aFailedNodeDropsWhatReachesIt() {
        SimNetwork n = net(1_000_000_000L, 0, 10);
        n.setNamespaceUp("n2", false);
        send(n.namespace("n1"), "172.18.0.2", 100);
        engine.runUntilIdle();
        assertTrue(got.isEmpty());
        assertTrue(rec.events().stream().anyMatch(e -> e.location().equals("n2/eth0")
                && e.decision() instanceof Decision.Drop d && d.reason() == DropReason.NODE_DOWN));
    }

    @Test
    void theSwitchLearnsAndStopsFlooding() {
        SimNetwork n = net(1_000_000_000L, 0, 10);
        n.namespace("n1").neighbours().remove(n.namespace("n1").device("eth0"), Ipv4Address.parse("172.18.0.2"));
        send(n.namespace("n1"), "172.18.0.2", 100);
        engine.runUntilIdle();
        assertEquals(1, got.size());
        List<String> bridge = rec.events().stream().filter(e -> e.kind() == EventKind.BRIDGE)
                .map(TraceEvent::explanation).toList();
        assertEquals(List.of("switch lan floods a broadcast to 2 ports",
                "switch lan forwards the frame to n1/eth0 (learned 02:00:00:00:00:01 there)",
                "switch lan forwards the frame to n2/eth0 (learned 02:00:00:00:00:02 there)"), bridge);
    }
}
