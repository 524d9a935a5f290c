package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.fixture.CalicoCluster;
import io.podnet.dataplane.fixture.SimRun;
import io.podnet.dataplane.traffic.TrafficItem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * MTU outcomes, simulator against kernel, on a Calico-VXLAN cluster whose pod MTU is wrong (1500
 * instead of 1450), both sides running the same configuration (the simulator through {@link SimRun}).
 */
class MtuVerifyTest {
    static CalicoCluster cluster(int podMtu, int tunnelMtu) {
        CalicoCluster c = new CalicoCluster(2, 2, CalicoCluster.Mode.VXLAN, 0);
        c.podMtu = podMtu;
        c.tunnelMtu = tunnelMtu;
        return c;
    }

    static TrafficItem ping(String name, int payload) {
        return new TrafficItem(name, "icmp", CalicoCluster.pod(1, 0), CalicoCluster.podIp(2, 0), 0, payload, payload, 1, 0);
    }

    static FlowResult flow(VerifyReport r, String name) {
        return r.flows().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Pod MTU 1500 over a 1450 tunnel: a DF-set packet that fits the pod's link is refused by the node
     * with ICMP "fragmentation needed, mtu 1450". Linux then caches the path MTU per destination, so
     * the oversize items go to different pods. A connected UDP socket gets the error too (EMSGSIZE:
     * "message too long"), so both sides say dropped.
     */
    @Test
    void dfSetOversizeGetsFragmentationNeededFromTheNode() {
        Root.assumeRootAndTools();
        CalicoCluster c = cluster(1500, 1450);
        List<TrafficItem> items = List.of(
                new TrafficItem("udp-1472", "udp", CalicoCluster.pod(1, 0), CalicoCluster.podIp(2, 1), 5353, 1472, 64, 1, 0),
                ping("ping-1422", 1422), ping("ping-1472", 1472));
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), System.out::println)
                .verify(SimRun.simulate("mtu-frag-needed", c.config(), items, 3));
        System.out.println(r.text());
        assertTrue(r.agree(), r.text());
        FlowResult big = flow(r, "ping-1472");
        assertEquals("dropped", big.kernel().outcome(), r.text());
        assertEquals(Set.of("frag-needed mtu 1450"), big.kernel().mtu(), r.text());
        assertEquals(big.simulated().mtu(), big.kernel().mtu());
        assertEquals("delivered", flow(r, "ping-1422").kernel().outcome());
        FlowResult udp = flow(r, "udp-1472");
        assertEquals(Set.of("frag-needed mtu 1450"), udp.kernel().mtu(), r.text());
        assertEquals("dropped", udp.kernel().outcome(), r.text());
    }

    /**
     * After "fragmentation needed" Linux caches the path MTU (1450) for that destination; the next
     * oversize ping leaves the pod already fragmented (ping's default IP_PMTUDISC_WANT clears DF on a
     * datagram larger than the path MTU) and arrives. The kernel's behaviour is asserted; the report
     * shows whether the simulator models the cache.
     */
    @Test
    void linuxCachesThePathMtuAndFragmentsTheNextOversizePing() {
        Root.assumeRootAndTools();
        CalicoCluster c = cluster(1500, 1450);
        List<TrafficItem> items = List.of(ping("ping-1472-first", 1472), ping("ping-1472-again", 1472));
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), System.out::println)
                .verify(SimRun.simulate("mtu-pmtu-cache", c.config(), items, 3));
        System.out.println(r.text());
        assertEquals("dropped", flow(r, "ping-1472-first").kernel().outcome(), r.text());
        FlowResult again = flow(r, "ping-1472-again");
        assertEquals("delivered", again.kernel().outcome(), r.text());
        assertTrue(again.kernel().mtu().contains("fragmented"), r.text());
    }

    @Test
    void dfClearOuterPacketIsFragmentedWhenTheTunnelMtuIsTooLarge() {
        Root.assumeRootAndTools();
        CalicoCluster c = cluster(1500, 1500);
        c.bindTunnel = false; // bound to eth0 the kernel would clamp the tunnel to 1450
        List<TrafficItem> items = List.of(ping("ping-1472", 1472));
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), System.out::println)
                .verify(SimRun.simulate("mtu-outer-fragments", c.config(), items, 3));
        System.out.println(r.text());
        FlowResult f = flow(r, "ping-1472");
        assertEquals("delivered", f.kernel().outcome(), r.text());
        assertTrue(f.kernel().mtu().contains("fragmented"), r.text());
        assertTrue(r.agree(), r.text());
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("set the MTU")), r.text());
    }

    /** Bound to eth0 the kernel would cap the tunnel at 1450; the verifier creates it unbound and says so. */
    @Test
    void aTunnelMtuAboveTheNicsMinus50IsRealisedUnbound() {
        Root.assumeRootAndTools();
        CalicoCluster c = cluster(1500, 1500);
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null)
                .verify(SimRun.simulate("mtu-unbound", c.config(), List.of(ping("ping-1472", 1472)), 3));
        System.out.println(r.text());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("created without 'dev eth0'")), r.text());
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("set the MTU")), r.text());
        assertTrue(flow(r, "ping-1472").kernel().mtu().contains("fragmented"), r.text());
        assertTrue(r.agree(), r.text());
    }

    /**
     * A UDP datagram larger than the pod's MTU: Linux (IP_PMTUDISC_WANT) sends it without DF,
     * fragmented by the pod itself. The kernel's behaviour is asserted; the report shows the simulator's.
     */
    @Test
    void oversizeUdpFromAPodIsFragmentedLocallyByLinux() {
        Root.assumeRootAndTools();
        CalicoCluster c = cluster(0, 0);
        List<TrafficItem> items = List.of(
                new TrafficItem("udp-2000", "udp", CalicoCluster.pod(1, 0), CalicoCluster.podIp(2, 0), 5353, 2000, 64, 1, 0));
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), System.out::println)
                .verify(SimRun.simulate("mtu-local-fragments", c.config(), items, 3));
        System.out.println(r.text());
        FlowResult f = flow(r, "udp-2000");
        assertEquals("delivered", f.kernel().outcome(), r.text());
        assertTrue(f.kernel().mtu().contains("fragmented"), r.text());
    }
}
