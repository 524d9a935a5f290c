package io.podnet.sim.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.PacketFilter;
import io.podnet.sim.netfilter.Verdict;
import io.podnet.sim.stack.NeighbourTable;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BridgeDeviceTest {
    static final Ipv4Address SERVICE = Ipv4Address.parse("10.96.0.10");

    /** host (br0 10.0.0.254/24, ports p1..p3) with pods h1..h3 at 10.0.0.1..3. */
    static NetworkConfig bridged(boolean hairpin, boolean bridgeNf) {
        List<NamespaceConfig> all = new ArrayList<>();
        List<InterfaceConfig> hostIfs = new ArrayList<>();
        hostIfs.add(new InterfaceConfig.Bridge("br0", MacAddress.parse("02:00:00:00:00:fe"), 1500,
                List.of(Ipv4Prefix.parse("10.0.0.254/24"))));
        for (int i = 1; i <= 3; i++) {
            hostIfs.add(new InterfaceConfig.Veth("p" + i, MacAddress.parse("02:00:00:00:01:0" + i), 1500, List.of(),
                    "h" + i, "eth0", "br0", hairpin));
            all.add(new NamespaceConfig("h" + i, "pod", "host", List.of(new InterfaceConfig.Veth("eth0",
                    MacAddress.parse("02:00:00:00:00:0" + i), 1500, List.of(Ipv4Prefix.parse("10.0.0." + i + "/24")),
                    "host", "p" + i, null, false)),
                    List.of(RouteConfig.via(Ipv4Prefix.DEFAULT, Ipv4Address.parse("10.0.0.254"), "eth0", false)),
                    List.of(), List.of(), Sysctls.HOST, ""));
        }
        all.add(0, new NamespaceConfig("host", "node", "host", hostIfs, List.of(), List.of(), List.of(),
                new Sysctls(true, List.of(), bridgeNf, 0), ""));
        return new NetworkConfig(all, List.of());
    }

    static final class Run {
        final Engine engine = new Engine();
        final Tracer tracer = new Tracer(engine);
        final TraceRecorder rec = new TraceRecorder();
        final SimNetwork net;
        final Map<String, List<PacketBuffer>> inbox = new TreeMap<>();

        Run(NetworkConfig cfg, PacketFilter hostFilter) {
            tracer.addListener(rec);
            net = new NetworkBuilder(cfg, engine, tracer, new SeededRandoms(3))
                    .packetFilters(c -> c.name().equals("host") ? hostFilter : PacketFilter.ACCEPT_ALL).build();
            for (NetNamespace n : net.namespaces()) {
                List<PacketBuffer> box = new ArrayList<>();
                inbox.put(n.name(), box);
                n.setLocalDelivery(box::add);
            }
        }

        long send(String from, String dst) {
            NetNamespace n = net.namespace(from);
            PacketBuffer pb = new PacketBuffer(n.nextPacketId(), "t", Packet.of(new byte[8],
                    Ipv4Header.of(Ipv4Address.ANY, Ipv4Address.parse(dst), Ipv4Header.PROTO_UDP, 64, 1),
                    new UdpHeader(1111, 2222)));
            n.output(pb);
            return pb.id();
        }

        BridgeDevice br() {
            return (BridgeDevice) net.device("host/br0");
        }
    }

    @Test
    void learnsSourceMacsPerPort() {
        Run run = new Run(bridged(false, false), PacketFilter.ACCEPT_ALL);
        assertNull(run.br().lookup(MacAddress.parse("02:00:00:00:00:01")));
        run.send("h1", "10.0.0.2");
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("h2").size());
        assertEquals("p1", run.br().lookup(MacAddress.parse("02:00:00:00:00:01")).name());
        assertEquals("p2", run.br().lookup(MacAddress.parse("02:00:00:00:00:02")).name());
        assertNull(run.br().lookup(MacAddress.parse("02:00:00:00:00:03")));
        // The ARP request was flooded to p2 and p3 (not back to p1) and went up to br0.
        TraceEvent flood = run.rec.events().stream().filter(e -> e.kind() == EventKind.BRIDGE
                && e.explanation().contains("floods")).findFirst().orElseThrow();
        assertEquals("br0 floods a broadcast to p2, p3", flood.explanation());
        // The data frame was forwarded by FDB to p2 only.
        TraceEvent fwd = run.rec.events().stream().filter(e -> e.kind() == EventKind.BRIDGE
                && e.decision() instanceof Decision.FdbEntry).reduce((a, b) -> b).orElseThrow();
        assertEquals("p2", ((Decision.FdbEntry) fwd.decision()).device());
        assertEquals(64, run.inbox.get("h2").get(0).packet().first(Ipv4Header.class).ttl(), "bridging keeps TTL");
    }

    @Test
    void floodsUnknownUnicastToEveryOtherPort() {
        Run run = new Run(bridged(false, false), PacketFilter.ACCEPT_ALL);
        NetNamespace h1 = run.net.namespace("h1");
        h1.neighbours().addPermanent(Ipv4Address.parse("10.0.0.2"), MacAddress.parse("02:00:00:00:00:02"),
                h1.device("eth0"));
        long id = run.send("h1", "10.0.0.2");
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("h2").size());
        assertTrue(run.inbox.get("h3").isEmpty());
        TraceEvent flood = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.BRIDGE)
                .findFirst().orElseThrow();
        assertEquals("br0 floods unknown unicast (02:00:00:00:00:02 is not in the FDB) to p2, p3", flood.explanation());
        assertTrue(run.rec.events().stream().anyMatch(e -> e.location().equals("h3/eth0") && e.kind() == EventKind.DROP
                && ((Decision.Drop) e.decision()).reason() == DropReason.NOT_FOR_US));
    }

    /** DNAT of a Service address back to the sender itself: the frame must leave through its ingress port. */
    static PacketFilter dnatServiceTo(String backend) {
        return (hook, pb, in, out) -> {
            Ipv4Header ip = pb.packet().first(Ipv4Header.class);
            if ((hook == Hook.PREROUTING || hook == Hook.OUTPUT) && ip != null && ip.dst().equals(SERVICE)) {
                pb.setPacket(pb.packet().with(0, ip.withDst(Ipv4Address.parse(backend))));
            }
            return Verdict.ACCEPT;
        };
    }

    @Test
    void hairpinOffDropsAFrameBoundForItsIngressPort() {
        Run run = new Run(bridged(false, true), dnatServiceTo("10.0.0.1"));
        run.send("h1", "10.0.0.254"); // h1 and the host learn each other first
        run.engine.runUntilIdle();
        long id = run.send("h1", SERVICE.toString());
        run.engine.runUntilIdle();
        assertTrue(run.inbox.get("h1").isEmpty());
        TraceEvent drop = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.DROP)
                .findFirst().orElseThrow();
        assertEquals("host/br0", drop.location());
        assertTrue(drop.explanation().contains("hairpin is off"), drop.explanation());
    }

    @Test
    void hairpinOnSendsItBack() {
        Run run = new Run(bridged(true, true), dnatServiceTo("10.0.0.1"));
        run.send("h1", "10.0.0.254");
        run.engine.runUntilIdle();
        run.send("h1", SERVICE.toString());
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("h1").size());
        Ipv4Header ip = run.inbox.get("h1").get(0).packet().first(Ipv4Header.class);
        assertEquals(Ipv4Address.parse("10.0.0.1"), ip.dst());
        assertEquals(64, ip.ttl(), "br_netfilter bridged the DNATed frame: no routing, no TTL decrement");
    }

    @Test
    void bridgeNfRunsForwardWithTheBridgeAsDevice() {
        List<String> seen = new ArrayList<>();
        PacketFilter f = (hook, pb, in, out) -> {
            seen.add(hook + " in=" + in + " out=" + out);
            return Verdict.ACCEPT;
        };
        Run run = new Run(bridged(false, true), f);
        run.net.namespace("h1").neighbours().addPermanent(Ipv4Address.parse("10.0.0.2"),
                MacAddress.parse("02:00:00:00:00:02"), run.net.namespace("h1").device("eth0"));
        run.net.namespace("h2").neighbours().addPermanent(Ipv4Address.parse("10.0.0.1"),
                MacAddress.parse("02:00:00:00:00:01"), run.net.namespace("h2").device("eth0"));
        run.send("h1", "10.0.0.2");
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("h2").size());
        // Unknown unicast floods to p2 and p3: each copy crosses FORWARD and POSTROUTING.
        assertEquals(List.of("PREROUTING in=br0 out=null", "FORWARD in=br0 out=br0", "POSTROUTING in=null out=br0",
                "FORWARD in=br0 out=br0", "POSTROUTING in=null out=br0"), seen);
    }

    @Test
    void bridgeNfDropStopsABridgedFrame() {
        PacketFilter f = (hook, pb, in, out) -> hook == Hook.FORWARD
                ? new Verdict(Verdict.Action.DROP, null, "-A FORWARD -j DROP") : Verdict.ACCEPT;
        Run run = new Run(bridged(false, true), f);
        run.send("h1", "10.0.0.2");
        run.engine.runUntilIdle();
        assertTrue(run.inbox.get("h2").isEmpty());
        assertTrue(run.rec.events().stream().anyMatch(e -> e.decision() instanceof Decision.Drop d
                && d.reason() == DropReason.NETFILTER_DROP && e.location().equals("host/br0")));
    }

    /*
     * Bridged DNAT with a neighbour that is not resolved yet (net/bridge/br_netfilter_hooks.c):
     * br_nf_pre_routing_finish_bridge saves the source MAC, sets bridged_dnat and calls
     * neigh->output; once ARP resolves, br_dev_xmit sees bridged_dnat and
     * br_nf_pre_routing_finish_bridge_slow restores the source MAC and goes on bridging from the
     * original port (br_handle_frame_finish): never routed, so the TTL stays as sent.
     */
    @Test
    void dnatToAnUnresolvedNeighbourOnTheBridgeResolvesItThenBridges() {
        List<String> seen = new ArrayList<>();
        PacketFilter dnat = dnatServiceTo("10.0.0.2");
        PacketFilter f = (hook, pb, in, out) -> {
            seen.add(hook + " in=" + in + " out=" + out);
            return dnat.hook(hook, pb, in, out);
        };
        Run run = new Run(bridged(false, true), f);
        NetNamespace host = run.net.namespace("host");
        long id = run.send("h1", SERVICE.toString());
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("h2").size());
        Ipv4Header ip = run.inbox.get("h2").get(0).packet().first(Ipv4Header.class);
        assertEquals(Ipv4Address.parse("10.0.0.2"), ip.dst());
        assertEquals(64, ip.ttl(), "bridged DNAT is not routed: no TTL decrement");
        TraceEvent rx = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.RX
                && e.location().equals("h2/eth0")).findFirst().orElseThrow();
        EthernetHeader eth = rx.packet().first(EthernetHeader.class);
        assertEquals(MacAddress.parse("02:00:00:00:00:01"), eth.src(), "the original source MAC is restored");
        assertEquals(MacAddress.parse("02:00:00:00:00:02"), eth.dst());
        NeighbourTable.Entry n = host.neighbours().get(run.br(), Ipv4Address.parse("10.0.0.2"));
        assertEquals(NeighbourTable.State.REACHABLE, n.state(), "the host resolved it by ARP on br0");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.packetId() == id && e.kind() == EventKind.NOTE
                && e.explanation().contains("resolving 10.0.0.2 first")));
        // The data packet: PREROUTING on br0, then FORWARD and POSTROUTING as a bridged frame, no routed path.
        int pre = seen.lastIndexOf("PREROUTING in=br0 out=null");
        assertEquals(List.of("FORWARD in=br0 out=br0", "POSTROUTING in=null out=br0"),
                seen.subList(pre + 1, seen.size()).stream().filter(h -> !h.startsWith("OUTPUT")).toList());
    }

    @Test
    void dnatToANeighbourThatNeverAnswersFailsAfterThreeRequests() {
        Run run = new Run(bridged(false, true), dnatServiceTo("10.0.0.9"));
        long id = run.send("h1", SERVICE.toString());
        run.engine.runUntilIdle();
        assertTrue(run.inbox.get("h2").isEmpty() && run.inbox.get("h3").isEmpty());
        TraceEvent drop = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.DROP)
                .findFirst().orElseThrow();
        assertEquals("host/br0", drop.location());
        assertEquals(DropReason.NEIGHBOUR_FAILED, ((Decision.Drop) drop.decision()).reason());
        assertEquals(NeighbourTable.State.FAILED,
                run.net.namespace("host").neighbours().get(run.br(), Ipv4Address.parse("10.0.0.9")).state());
    }
}
