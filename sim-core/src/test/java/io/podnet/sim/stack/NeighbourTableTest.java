package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourTableTest {
    @Test
    void packetsWaitForArpThenLeaveInOrder() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        run.udp("a", null, "10.0.0.2", 1, 10, 4, true);
        run.udp("a", null, "10.0.0.2", 2, 10, 4, true);
        run.udp("a", null, "10.0.0.2", 3, 10, 4, true);
        NeighbourTable.Entry e = run.ns("a").neighbours().get(run.ns("a").device("eth0"), ip("10.0.0.2"));
        assertEquals(NeighbourTable.State.INCOMPLETE, e.state());
        assertEquals(3, e.queued());
        run.engine.runUntilIdle();
        assertEquals(List.of(1, 2, 3), run.inbox.get("b").stream()
                .map(pb -> ((UdpHeader) pb.packet().header(1)).srcPort()).toList());
        long requests = run.events(EventKind.TX).stream()
                .filter(ev -> ev.packet().first(ArpPacket.class) != null
                        && ev.packet().first(ArpPacket.class).operation() == ArpPacket.REQUEST).count();
        assertEquals(1, requests, "one request resolves all three");
        assertEquals(NeighbourTable.State.REACHABLE, e.state());
        assertEquals("10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE", e.text());
    }

    @Test
    void unansweredArpFailsAfterThreeRequestsWithHostUnreachable() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        long id = run.udp("a", null, "10.0.0.99", 1, 10, 4, true);
        run.engine.runUntilIdle();
        List<Long> requestTimes = run.events(EventKind.TX).stream()
                .filter(ev -> ev.location().equals("a/eth0") && ev.packet().first(ArpPacket.class) != null)
                .map(TraceEvent::time).toList();
        assertEquals(List.of(0L, Durations.S, 2 * Durations.S), requestTimes);
        TraceEvent drop = run.rec.events().stream().filter(ev -> ev.packetId() == id && ev.kind() == EventKind.DROP)
                .findFirst().orElseThrow();
        assertEquals(3 * Durations.S, drop.time());
        assertEquals(DropReason.NEIGHBOUR_FAILED, ((Decision.Drop) drop.decision()).reason());
        assertEquals(NeighbourTable.State.FAILED,
                run.ns("a").neighbours().get(run.ns("a").device("eth0"), ip("10.0.0.99")).state());
        // The sender gets ICMP host unreachable from its own stack, quoting the lost datagram.
        assertEquals(1, run.inbox.get("a").size(), run.dump());
        Packet err = run.inbox.get("a").get(0).packet();
        assertEquals(new IcmpHeader(3, 1, 0), err.first(IcmpHeader.class));
        assertEquals(ip("10.0.0.1"), err.first(Ipv4Header.class).dst());
        byte[] quote = err.payload();
        assertEquals(0x45, quote[0] & 0xff);
        assertEquals(ip("10.0.0.99"), io.podnet.sim.net.Ipv4Address.fromBytes(quote, 16));
        assertTrue(run.inbox.get("b").isEmpty());
    }

    @Test
    void permanentEntriesNeedNoArp() {
        Nets.Run run = new Nets.Run(Nets.vethPair());
        run.ns("a").neighbours().addPermanent(ip("10.0.0.2"), Nets.mac("02:00:00:00:00:02"), run.ns("a").device("eth0"));
        run.udp("a", null, "10.0.0.2", 1, 10, 4, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("b").size());
        assertTrue(run.events(EventKind.TX).stream().noneMatch(ev -> ev.packet().first(ArpPacket.class) != null
                && ev.location().equals("a/eth0")));
        assertEquals("10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 PERMANENT",
                run.ns("a").neighbours().entries().get(0).text());
    }

    /** Calico-style wiring: the pod's gateway 169.254.1.1 exists nowhere; the node answers by proxy ARP. */
    @Test
    void proxyArpAnswersForARoutedAddress() {
        NamespaceConfig pod = new NamespaceConfig("pod", "pod", "node", List.of(
                Nets.veth("eth0", "0a:00:00:00:00:05", 1500, "10.244.1.5/32", "node", "cali1")),
                List.of(Nets.via("0.0.0.0/0", "169.254.1.1", "eth0", true)), List.of(), List.of(), Sysctls.HOST, "");
        NamespaceConfig node = new NamespaceConfig("node", "node", "node", List.of(
                Nets.veth("cali1", "ee:ee:ee:ee:ee:ee", 1500, null, "pod", "eth0"),
                Nets.veth("eth0", "02:00:00:00:00:02", 1500, "192.168.0.2/24", "ext", "eth0")),
                List.of(new RouteConfig("unicast", Nets.cidr("10.244.1.5/32"), null, "cali1", false, "link", null,
                        "static"), Nets.via("0.0.0.0/0", "192.168.0.1", "eth0", false)),
                List.of(), List.of(), new Sysctls(true, List.of("cali1"), false, 0), "");
        NamespaceConfig ext = Nets.ns("ext", List.<InterfaceConfig>of(
                Nets.veth("eth0", "02:00:00:00:00:01", 1500, "192.168.0.1/24", "node", "eth0")),
                List.of(Nets.via("10.244.0.0/16", "192.168.0.2", "eth0", false)), Sysctls.HOST);
        Nets.Run run = new Nets.Run(new NetworkConfig(List.of(pod, node, ext), List.of()));
        run.udp("pod", null, "192.168.0.1", 1, 2, 4, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("ext").size(), run.dump());
        assertEquals(63, run.inbox.get("ext").get(0).packet().first(Ipv4Header.class).ttl());
        assertEquals("169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee REACHABLE",
                run.ns("pod").neighbours().entries().get(0).text());
        TraceEvent answer = run.events(EventKind.NEIGHBOUR).stream()
                .filter(ev -> ev.explanation().contains("proxy_arp")).findFirst().orElseThrow();
        assertEquals("node/cali1", answer.location());
        assertEquals("PROXY", ((Decision.Neighbour) answer.decision()).state());
    }

    @Test
    void withoutProxyArpNobodyAnswers() {
        NamespaceConfig pod = new NamespaceConfig("pod", "pod", "node", List.of(
                Nets.veth("eth0", "0a:00:00:00:00:05", 1500, "10.244.1.5/32", "node", "cali1")),
                List.of(Nets.via("0.0.0.0/0", "169.254.1.1", "eth0", true)), List.of(), List.of(), Sysctls.HOST, "");
        NamespaceConfig node = new NamespaceConfig("node", "node", "node", List.of(
                Nets.veth("cali1", "ee:ee:ee:ee:ee:ee", 1500, null, "pod", "eth0"),
                Nets.veth("eth0", "02:00:00:00:00:02", 1500, "192.168.0.2/24", "pod", "spare")),
                List.of(Nets.via("0.0.0.0/0", "192.168.0.1", "eth0", false)),
                List.of(), List.of(), new Sysctls(true, List.of(), false, 0), "");
        Nets.Run run = new Nets.Run(new NetworkConfig(List.of(pod, node), List.of()));
        run.udp("pod", null, "192.168.0.1", 1, 2, 4, true);
        run.engine.runUntilIdle();
        assertTrue(run.rec.events().stream().anyMatch(ev -> ev.decision() instanceof Decision.Drop d
                && d.reason() == DropReason.NEIGHBOUR_FAILED), run.dump());
    }
}
