package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.cidr;
import static io.podnet.sim.stack.Nets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.device.VethDevice;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static NetNamespace node() {
        Engine e = new Engine();
        NetNamespace ns = new NetNamespace("node1", io.podnet.sim.config.NamespaceRole.HOST, "node1", e, new Tracer(e), new PacketIds());
        for (String d : List.of("eth0", "cni0", "flannel.1", "cali1")) {
            ns.addDevice(new VethDevice(ns, d, ns.allocateIfindex(), MacAddress.derived(d), 1500));
        }
        ns.addAddress(ns.device("eth0"), cidr("172.18.0.2/24"));
        ns.addAddress(ns.device("cni0"), cidr("10.244.1.1/24"));
        ns.addAddress(ns.device("flannel.1"), cidr("10.244.1.0/32"));
        return ns;
    }

    @Test
    void longestPrefixWins() {
        NetNamespace ns = node();
        ns.addRoute(Nets.via("0.0.0.0/0", "172.18.0.1", "eth0", false));
        ns.addRoute(Nets.via("10.244.0.0/16", "172.18.0.9", "eth0", false));
        ns.addRoute(Nets.via("10.244.2.0/24", "10.244.2.0", "flannel.1", true));
        ns.addRoute(new RouteConfig("unicast", cidr("10.244.2.77/32"), null, "cali1", false, "link", null, "static"));
        RoutingTable t = ns.routes();
        assertEquals("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", t.lookup(ip("10.244.2.5")).text());
        assertEquals("10.244.2.77/32 dev cali1 scope link",
                t.lookup(ip("10.244.2.77")).text());
        assertEquals("10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1", t.lookup(ip("10.244.1.9")).text());
        assertEquals("10.244.0.0/16 via 172.18.0.9 dev eth0", t.lookup(ip("10.244.9.9")).text());
        assertEquals("default via 172.18.0.1 dev eth0", t.lookup(ip("8.8.8.8")).text());
        assertEquals(ip("10.244.2.0"), t.lookup(ip("10.244.2.5")).nextHop(ip("10.244.2.5")));
        assertEquals(ip("10.244.2.77"), t.lookup(ip("10.244.2.77")).nextHop(ip("10.244.2.77")), "scope link: direct");
        assertEquals(List.of(
                "default via 172.18.0.1 dev eth0",
                "10.244.0.0/16 via 172.18.0.9 dev eth0",
                "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
                "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                "10.244.2.77/32 dev cali1 scope link",
                "172.18.0.0/24 dev eth0 proto kernel scope link src 172.18.0.2"), t.show());
        assertEquals(ip("10.244.1.0"), ns.sourceFor(ip("10.244.2.5")), "source: the /32 address of flannel.1");
        assertEquals(ip("172.18.0.2"), ns.sourceFor(ip("10.244.2.77")), "no address on cali1: another global one");
        assertEquals(1500, ns.mtuFor(ip("10.244.2.5")));
        assertTrue(ns.isLocalAddress(ip("10.244.1.0")));
        assertEquals(ip("10.244.1.1"), ns.sourceFor(ip("10.244.1.1")), "local destination: itself");
    }

    @Test
    void gatewayMustBeOnLinkUnlessOnlink() {
        NetNamespace ns = node();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ns.addRoute(Nets.via("10.244.2.0/24", "10.244.2.0", "flannel.1", false)));
        assertTrue(e.getMessage().contains("Nexthop has invalid gateway"), e.getMessage());
        ns.addRoute(Nets.via("10.244.2.0/24", "10.244.2.0", "flannel.1", true));
        assertThrows(IllegalArgumentException.class, () -> ns.addRoute(Nets.via("10.244.2.0/24", "172.18.0.1", "eth0",
                false)), "File exists");
        assertThrows(IllegalArgumentException.class, () -> ns.addRoute(Nets.via("1.0.0.0/8", "172.18.0.1", "eth9",
                false)));
    }

    @Test
    void blackholeAndUnreachableAreRoutesToo() {
        NetNamespace ns = node();
        ns.addRoute(new RouteConfig("blackhole", cidr("10.244.3.0/24"), null, null, false, "global", null, "bird"));
        ns.addRoute(new RouteConfig("unreachable", cidr("10.244.4.0/24"), null, null, false, "global", null, "static"));
        assertEquals(Route.Type.BLACKHOLE, ns.routes().lookup(ip("10.244.3.1")).type());
        assertEquals("blackhole 10.244.3.0/24 proto bird", ns.routes().lookup(ip("10.244.3.1")).text());
        assertEquals(Route.Type.UNREACHABLE, ns.routes().lookup(ip("10.244.4.1")).type());
        assertNull(ns.routes().lookup(ip("8.8.8.8")));
        assertNull(ns.sourceFor(ip("10.244.3.1")));
        assertEquals(0, ns.mtuFor(ip("8.8.8.8")));
    }

    @Test
    void removeAndReplace() {
        NetNamespace ns = node();
        ns.addRoute(Nets.via("10.1.0.0/16", "172.18.0.5", "eth0", false));
        ns.replaceRoute(Nets.via("10.1.0.0/16", "172.18.0.6", "eth0", false));
        assertEquals(ip("172.18.0.6"), ns.routes().lookup(ip("10.1.2.3")).via());
        ns.routes().remove(cidr("10.1.0.0/16"));
        assertNull(ns.routes().lookup(ip("10.1.2.3")));
    }

    @Test
    void fiveThousandRoutesLookUpQuickly() {
        NetNamespace ns = node();
        for (int i = 0; i < 5000; i++) {
            Ipv4Address net = new Ipv4Address(ip("10.0.0.0").bits() + (i << 8));
            ns.addRoute(RouteConfig.via(new io.podnet.sim.net.Ipv4Prefix(net, 24), ip("172.18.0.2").plus(1 + i % 200),
                    "eth0", false));
        }
        assertEquals(5002, ns.routes().size(), "5000 + two connected routes");
        Route r = ns.routes().lookup(ip("10.0.19.7"));
        assertEquals("10.0.19.0/24 via 172.18.0.22 dev eth0", r.text());
    }
}
