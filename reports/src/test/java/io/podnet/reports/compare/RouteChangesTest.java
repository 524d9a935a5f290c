package io.podnet.reports.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteChangesTest {
    private static TraceEvent route(long seq, long time, String ns, String explanation, String text) {
        return new TraceEvent(seq, time, -1, null, ns, "bird", EventKind.ROUTE, explanation, null, null,
                new Decision.RouteMatch("main", text, null, "eth0"));
    }

    @Test
    void countsInstalledAndWithdrawnRoutesPerNamespace() {
        NamespaceConfig node1 = new NamespaceConfig("node1", "node", "node1", List.of(),
                List.of(RouteConfig.connected(Ipv4Prefix.parse("172.18.0.0/24"), "eth0", Ipv4Address.parse("172.18.0.2"))),
                List.of(), List.of(), Sysctls.HOST, "");
        NetworkConfig net = new NetworkConfig(List.of(node1), List.of());
        List<TraceEvent> trace = List.of(
                route(0, 10, "node1", "bird installs 10.244.1.0/26 via 172.18.0.3", "10.244.1.0/26 via 172.18.0.3 dev eth0 proto bird"),
                route(1, 20, "node1", "bird installs 10.244.2.0/26 via 172.18.0.4", "10.244.2.0/26 via 172.18.0.4 dev eth0 proto bird"),
                route(2, 30, "node1", "bird replaces 10.244.2.0/26 via 172.18.0.5", "10.244.2.0/26 via 172.18.0.5 dev eth0 proto bird"),
                route(3, 40, "node1", "BIRD removes 10.244.1.0/26 via 172.18.0.3 dev eth0 proto bird: no peer announces"
                        + " 10.244.1.0/26 any more", "withdrawn 10.244.1.0/26 via 172.18.0.3 dev eth0 proto bird"),
                route(3, 45, "node1", "BIRD leaves 10.244.9.0/26 dev cali1 alone: a route of proto static already"
                        + " holds 10.244.9.0/26", "10.244.9.0/26 dev cali1"),
                route(3, 46, "node1", "BIRD cannot install 10.244.8.0/26 via 9.9.9.9 dev eth0 proto bird: no route",
                        "10.244.8.0/26 via 9.9.9.9 dev eth0 proto bird"),
                route(4, 50, "node1", "bird installs blackhole", "blackhole 10.244.0.0/26 proto bird"),
                new TraceEvent(5, 60, 7, "f", "node1", null, EventKind.ROUTE, "packet routed", null, null,
                        new Decision.RouteMatch("main", "10.244.1.0/26 via 172.18.0.3 dev eth0", "172.18.0.3", "eth0")));
        assertEquals(Map.of("node1", 2), RouteChanges.netChangePerNamespace(trace, net));
        assertEquals(5, RouteChanges.count(trace, 0));
        assertEquals(3, RouteChanges.count(trace, 30));
        assertEquals(50, RouteChanges.last(trace, 0));
        assertEquals(-1, RouteChanges.last(trace, 51));
    }

    @Test
    void peerAddressComesFromTheSessionEvent() {
        assertEquals("172.18.0.3", RunMetrics.peerOf("BGP node1 <-> 172.18.0.3: OPEN_CONFIRM -> ESTABLISHED: keepalive"));
        assertEquals(null, RunMetrics.peerOf("BGP speaker started"));
    }

    @Test
    void sizesAndRates() {
        assertEquals("10 MiB", Sizes.bytes(10L << 20));
        assertEquals("4 KiB", Sizes.bytes(4096));
        assertEquals("1500 B", Sizes.bytes(1500));
        assertEquals("8.68 Gbit/s", Sizes.rate(8_680_000_000L));
        assertEquals("620 Mbit/s", Sizes.rate(620_400_000L));
        assertEquals("12.5 kbit/s", Sizes.rate(12_500));
    }
}
