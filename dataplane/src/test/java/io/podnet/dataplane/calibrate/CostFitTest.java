package io.podnet.dataplane.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.StepCost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostFitTest {
    private static PathCounts path(Map<CostStep, Double> counts, double wire) {
        return new PathCounts(counts, Map.of(), wire, 0);
    }

    /** Measurements generated from known costs (twice the base's stack, 3x its rule cost) are fitted back exactly. */
    @Test
    void recoversKnownScales() {
        CostProfile base = CostProfile.defaults();
        PathCounts rr = path(Map.of(CostStep.SOCKET_SEND, 2.0, CostStep.TCP_SEGMENT_RX, 4.0, CostStep.VETH_XMIT, 8.0), 100);
        PathCounts vx = path(Map.of(CostStep.SOCKET_SEND, 2.0, CostStep.TCP_SEGMENT_RX, 4.0, CostStep.VETH_XMIT, 8.0,
                CostStep.VXLAN_ENCAP, 2.0, CostStep.VXLAN_DECAP, 2.0), 100);
        PathCounts c1 = path(Map.of(CostStep.SOCKET_SEND, 1.0, CostStep.NETFILTER_RULE, 10.0), 0);
        PathCounts c2 = path(Map.of(CostStep.SOCKET_SEND, 1.0, CostStep.NETFILTER_RULE, 10_000.0), 0);
        CostProfile truth = base;
        for (CostStep s : List.of(CostStep.SOCKET_SEND, CostStep.TCP_SEGMENT_RX, CostStep.VETH_XMIT)) {
            truth = truth.withCost(s, new StepCost(base.cost(s).perPacketNanos() * 2, base.cost(s).perByteNanos(),
                    StepCost.Source.MEASURED, ""));
        }
        truth = truth.withCost(CostStep.NETFILTER_RULE, base.cost(CostStep.NETFILTER_RULE).perPacketNanos() * 3, 0);
        truth = truth.withCost(CostStep.VXLAN_ENCAP, base.cost(CostStep.VXLAN_ENCAP).perPacketNanos() * 0.5, 0);
        truth = truth.withCost(CostStep.VXLAN_DECAP, base.cost(CostStep.VXLAN_DECAP).perPacketNanos() * 0.5, 0);
        List<CostFit.Measurement> ms = List.of(
                new CostFit.Measurement("rr", "ns", rr.predict(truth), rr),
                new CostFit.Measurement("rr vxlan", "ns", vx.predict(truth), vx),
                new CostFit.Measurement("c1", "ns", c1.predict(truth), c1),
                new CostFit.Measurement("c2", "ns", c2.predict(truth), c2));
        CostFit.Result r = CostFit.fit(base, ms, "test");
        assertEquals(2.0, r.scales().get(CostFit.Group.STACK), 0.02);
        assertEquals(3.0, r.scales().get(CostFit.Group.RULE), 0.03);
        assertEquals(0.5, r.scales().get(CostFit.Group.VXLAN), 0.02);
        for (CostFit.Row row : r.rows()) {
            assertTrue(Math.abs(row.residual()) < 0.01, row.m().name() + " residual " + row.residual());
        }
        assertEquals(StepCost.Source.FITTED, r.profile().cost(CostStep.NETFILTER_RULE).source());
        assertEquals(base.cost(CostStep.WIREGUARD_ENCRYPT), r.profile().cost(CostStep.WIREGUARD_ENCRYPT));
    }

    /**
     * The VXLAN stream's extra cost per byte is an unknown of its own: a routed and a VXLAN stream whose
     * copies cost 1.5x the base and whose tunnel costs 5x the base per byte are both fitted back, and the
     * round trips (64 B, where per-byte costs hardly matter) keep their own VXLAN per-packet scale.
     */
    @Test
    void vxlanPerByteFittedApartFromCopies() {
        CostProfile base = CostProfile.defaults();
        PathCounts rr = new PathCounts(Map.of(CostStep.SOCKET_SEND, 2.0, CostStep.TCP_SEGMENT_RX, 2.0),
                Map.of(CostStep.SOCKET_SEND, 128.0), 100, 0);
        PathCounts rrVx = new PathCounts(Map.of(CostStep.SOCKET_SEND, 2.0, CostStep.TCP_SEGMENT_RX, 2.0,
                CostStep.VXLAN_ENCAP, 2.0, CostStep.VXLAN_DECAP, 2.0),
                Map.of(CostStep.SOCKET_SEND, 128.0, CostStep.VXLAN_ENCAP, 200.0, CostStep.VXLAN_DECAP, 200.0), 100, 0);
        // per byte of a stream: one copy each side, one super-packet's per-packet work per 64 KiB
        PathCounts st = new PathCounts(Map.of(CostStep.TCP_SEGMENT_TX, 1 / 65536.0),
                Map.of(CostStep.SOCKET_SEND, 1.0, CostStep.SOCKET_RECEIVE, 1.0), 0, 0);
        PathCounts stVx = new PathCounts(Map.of(CostStep.TCP_SEGMENT_TX, 1 / 65536.0, CostStep.VXLAN_ENCAP, 1 / 65536.0),
                Map.of(CostStep.SOCKET_SEND, 1.0, CostStep.SOCKET_RECEIVE, 1.0, CostStep.VXLAN_ENCAP, 1.0,
                        CostStep.VXLAN_DECAP, 1.0), 0, 0);
        CostProfile truth = base;
        for (CostStep s : List.of(CostStep.SOCKET_SEND, CostStep.SOCKET_RECEIVE)) {
            StepCost b = base.cost(s);
            truth = truth.withCost(s, new StepCost(b.perPacketNanos(), b.perByteNanos() * 1.5, StepCost.Source.MEASURED, ""));
        }
        for (CostStep s : List.of(CostStep.VXLAN_ENCAP, CostStep.VXLAN_DECAP)) {
            StepCost b = base.cost(s);
            truth = truth.withCost(s, new StepCost(b.perPacketNanos() * 2, b.perByteNanos() * 5, StepCost.Source.MEASURED, ""));
        }
        List<CostFit.Measurement> ms = List.of(new CostFit.Measurement("rr", "ns", rr.predict(truth), rr),
                new CostFit.Measurement("rr vxlan", "ns", rrVx.predict(truth), rrVx),
                new CostFit.Measurement("stream", "ns/B", st.predict(truth), st),
                new CostFit.Measurement("stream vxlan", "ns/B", stVx.predict(truth), stVx));
        CostFit.Result r = CostFit.fit(base, ms, "test");
        assertEquals(1.5, r.scales().get(CostFit.Group.COPY), 0.03);
        assertEquals(5.0, r.scales().get(CostFit.Group.VXLAN_BYTE), 0.1);
        assertEquals(2.0, r.scales().get(CostFit.Group.VXLAN), 0.05);
        for (CostFit.Row row : r.rows()) {
            assertTrue(Math.abs(row.residual()) < 0.01, row.m().name() + " residual " + row.residual());
        }
    }

    /** A measurement the base profile over-predicts cannot drive a cost below zero. */
    @Test
    void costsStayNonNegative() {
        CostProfile base = CostProfile.defaults();
        PathCounts rr = path(Map.of(CostStep.SOCKET_SEND, 1.0), 0);
        PathCounts vx = path(Map.of(CostStep.SOCKET_SEND, 1.0, CostStep.VXLAN_ENCAP, 1.0), 0);
        List<CostFit.Measurement> ms = List.of(new CostFit.Measurement("rr", "ns", 1000, rr),
                new CostFit.Measurement("vx", "ns", 500, vx));
        CostFit.Result r = CostFit.fit(base, ms, "test");
        for (CostStep s : CostStep.values()) {
            assertTrue(r.profile().cost(s).perPacketNanos() >= 0);
        }
        assertEquals(0.0, r.scales().get(CostFit.Group.VXLAN), 1e-9);
    }

    /** Without step counts (a wire-only model) nothing is fitted and the profile stays the base. */
    @Test
    void nothingToFitKeepsBase() {
        CostProfile base = CostProfile.defaults();
        CostFit.Result r = CostFit.fit(base, List.of(new CostFit.Measurement("rr", "ns", 17_000, PathCounts.none(500))), "t");
        assertTrue(r.scales().isEmpty());
        assertEquals(base.costs(), r.profile().costs());
    }

    @Test
    void parsesSockperfAndIperf() {
        KernelBench.Rtt rtt = KernelBench.parseSockperf("sockperf: Total 4438 observations; each\n"
                + "sockperf: ---> percentile 99.000 = 3634.852\nsockperf: ---> percentile 90.000 =   31.939\n"
                + "sockperf: ---> percentile 50.000 =   28.112\n");
        assertEquals(28112, rtt.p50(), 1e-6);
        assertEquals(31939, rtt.p90(), 1e-6);
        assertEquals(4438, rtt.observations());
        KernelBench.Stream s = KernelBench.parseIperf("{\"end\": {\"sum_sent\": {\"bits_per_second\": 9},"
                + " \"sum_received\": {\"bits_per_second\": 1.5e9}, \"cpu_utilization_percent\": {\"host_total\": 7.5,"
                + " \"remote_total\": 7.3}}}");
        assertEquals(1.5e9, s.bitsPerSecond(), 1);
        assertEquals(7.5, s.senderCpuPercent(), 1e-9);
    }
}
