package io.podnet.sim.stack;

import static io.podnet.sim.stack.Nets.cidr;
import static io.podnet.sim.stack.Nets.ip;
import static io.podnet.sim.stack.Nets.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calico-style IPIP: /32 pod routes on cali* veths, proxy ARP, tunl0 routes via the peer node. */
class IpipTest {
    static NetworkConfig calicoIpip() {
        List<NamespaceConfig> all = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            int other = 3 - n;
            String pod = "pod" + n;
            all.add(new NamespaceConfig("node" + n, "node", "node" + n, List.of(
                    new InterfaceConfig.Nic("eth0", mac("02:42:ac:12:00:0" + (n + 1)), 1500,
                            List.of(cidr("172.18.0." + (n + 1) + "/24")), "underlay"),
                    new InterfaceConfig.Ipip("tunl0", null, 1480, List.of(cidr("10.244." + n + ".0/32")), null),
                    new InterfaceConfig.Veth("cali" + n, mac("ee:ee:ee:ee:ee:ee"), 1480, List.of(), pod, "eth0", null,
                            false)),
                    List.of(new RouteConfig("unicast", cidr("10.244." + n + ".5/32"), null, "cali" + n, false, "link",
                                    null, "static"),
                            new RouteConfig("unicast", cidr("10.244." + other + ".0/24"), ip("172.18.0." + (other + 1)),
                                    "tunl0", true, "global", null, "bird"),
                            // Proxy ARP for 169.254.1.1 needs a route covering it (DATAPLANE-FACTS.md).
                            Nets.via("0.0.0.0/0", "172.18.0.1", "eth0", false)),
                    List.of(), List.of(), new Sysctls(true, List.of("cali" + n), false, 0), ""));
            all.add(new NamespaceConfig(pod, "pod", "node" + n, List.of(
                    new InterfaceConfig.Veth("eth0", mac("0a:00:00:00:00:0" + n), 1480,
                            List.of(cidr("10.244." + n + ".5/32")), "node" + n, "cali" + n, null, false)),
                    List.of(Nets.via("0.0.0.0/0", "169.254.1.1", "eth0", true)), List.of(), List.of(), Sysctls.HOST,
                    ""));
        }
        return new NetworkConfig(all, List.of(new SegmentConfig("underlay", cidr("172.18.0.0/24"), 1_000_000_000L,
                10 * Durations.US, 1500, 100)));
    }

    @Test
    void podToPodThroughTunl0() {
        Nets.Run run = new Nets.Run(calicoIpip());
        long id = run.udp("pod1", null, "10.244.2.5", 1, 2, 100, true);
        run.engine.runUntilIdle();
        assertEquals(1, run.inbox.get("pod2").size(), run.dump());
        Ipv4Header ip = run.inbox.get("pod2").get(0).packet().first(Ipv4Header.class);
        assertEquals(62, ip.ttl());
        assertEquals(ip("10.244.1.5"), ip.src());
        TraceEvent encap = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.ENCAP)
                .findFirst().orElseThrow();
        assertEquals("node1/tunl0", encap.location());
        assertEquals(new Decision.Tunnel("ipip", 0, "172.18.0.2", "172.18.0.3", 0, 20), encap.decision());
        Packet outer = encap.after();
        assertEquals(Ipv4Header.PROTO_IPIP, ((Ipv4Header) outer.header(0)).protocol());
        assertEquals(63, ((Ipv4Header) outer.header(0)).ttl(), "the fallback tunnel inherits the inner TTL");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.packetId() == id && e.kind() == EventKind.DECAP
                && e.location().equals("node2/tunl0")));
        TraceEvent wire = run.rec.events().stream().filter(e -> e.packetId() == id && e.kind() == EventKind.TX
                && e.location().equals("node1/eth0")).findFirst().orElseThrow();
        assertEquals(14 + 20 + 20 + 8 + 100, wire.packet().length());
    }
}
