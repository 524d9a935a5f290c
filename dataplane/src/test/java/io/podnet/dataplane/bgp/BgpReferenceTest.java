package io.podnet.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.fixture.CalicoCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpReferenceTest {
    @Test
    void fullMeshLearnsEveryOtherBlockViaItsNode() {
        BgpReference.Prediction p = BgpReference.predict(new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 0).config(), null);
        assertEquals(List.of("blackhole 10.244.1.0/26", "10.244.2.0/26 via 172.18.0.12 dev eth0",
                "10.244.3.0/26 via 172.18.0.13 dev eth0"), p.routes().get("node1").stream().map(KernelRoute::text).toList());
        assertEquals(List.of("10.244.1.0/26 via 172.18.0.11 dev eth0", "10.244.2.0/26 via 172.18.0.12 dev eth0",
                "blackhole 10.244.3.0/26"), p.routes().get("node3").stream().map(KernelRoute::text).toList());
        assertTrue(p.convergedNanos() > 2_000_000_000L && p.convergedNanos() < 10_000_000_000L, "" + p.convergedNanos());
    }

    @Test
    void reflectedRoutesKeepTheOriginatorAsNextHop() {
        BgpReference.Prediction p = BgpReference.predict(new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 1).config(), null);
        assertEquals(List.of("10.244.1.0/26 via 172.18.0.11 dev eth0", "blackhole 10.244.2.0/26",
                "10.244.3.0/26 via 172.18.0.13 dev eth0"), p.routes().get("node2").stream().map(KernelRoute::text).toList());
    }

    @Test
    void aFailedNodeIsWithdrawnWhenTheHoldTimerExpires() {
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 0);
        c.hold = 9;
        c.keepalive = 3;
        BgpReference.Prediction p = BgpReference.predict(c.config(), "node3");
        BgpReference.Failure f = p.failure();
        assertEquals("node3", f.node());
        assertTrue(f.convergenceNanos() >= 6_000_000_000L && f.convergenceNanos() <= 9_100_000_000L, "" + f.convergenceNanos());
        assertEquals(List.of("blackhole 10.244.1.0/26", "10.244.2.0/26 via 172.18.0.12 dev eth0"),
                f.routesAfter().get("node1").stream().map(KernelRoute::text).toList());
    }

    @Test
    void aNodeAlreadyDownIsWithdrawnBeforeTheMeasuredFailure() {
        CalicoCluster c = new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 0);
        c.hold = 9;
        c.keepalive = 3;
        BgpReference.Prediction p = BgpReference.predict(c.config(), "node2", java.util.Set.of("node3"));
        BgpReference.Failure f = p.failure();
        assertEquals("node2", f.node());
        assertEquals(java.util.Set.of("node1"), f.perPeerNanos().keySet(), "only the survivor is measured");
        assertTrue(f.convergenceNanos() >= 6_000_000_000L && f.convergenceNanos() <= 9_100_000_000L, "" + f.convergenceNanos());
        assertEquals(java.util.Set.of("node1"), f.routesAfter().keySet());
        assertEquals(List.of("blackhole 10.244.1.0/26"), f.routesAfter().get("node1").stream().map(KernelRoute::text).toList(),
                "node1 is alone: both peers' blocks are gone");
        assertEquals(3, p.routes().get("node1").size(), "the converged routes are those before any failure");
    }
}
