package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.compare.FlowResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.fixture.FlannelCluster;
import io.podnet.dataplane.fixture.FlannelPredictions;
import io.podnet.dataplane.realise.Cleanup;
import io.podnet.dataplane.traffic.TrafficItem;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierTest {
    static FlannelCluster cluster() {
        FlannelCluster c = FlannelCluster.of(2, 2);
        c.addService("backend", Ipv4Address.of(10, 96, 0, 10), 80, 8080, "tcp", "pod-2-0", "pod-2-1");
        return c;
    }

    static List<TrafficItem> traffic() {
        return List.of(
                new TrafficItem("to-service", "http", "pod-1-0", Ipv4Address.of(10, 96, 0, 10), 80, 200, 4096, 6, 0),
                new TrafficItem("pod-to-pod-tcp", "tcp", "pod-1-0", Ipv4Address.of(10, 244, 2, 3), 9000, 100, 1000, 1, 0),
                new TrafficItem("udp-remote", "udp", "pod-1-1", Ipv4Address.of(10, 244, 2, 2), 5353, 64, 128, 2, 0),
                new TrafficItem("ping-remote", "icmp", "pod-1-0", Ipv4Address.of(10, 244, 2, 2), 0, 56, 56, 2, 10));
    }

    static VerifyInput input(FlannelCluster c, List<TrafficItem> items, List<TraceEvent> trace) {
        return new VerifyInput("fixture", c.config(), items, trace, Map.of(), Map.of());
    }

    @Test
    void kernelAgreesWithFaithfulPredictions() {
        Root.assumeRootAndTools();
        FlannelCluster c = cluster();
        FlannelPredictions p = new FlannelPredictions(c);
        traffic().forEach(p::predict);
        CommandRunner runner = new CommandRunner();
        String[] prefix = new String[1];
        VerifyReport r = new Verifier(runner, Verifier.Options.defaults(), s -> {
            System.out.println(s);
            if (s.startsWith("creating ")) {
                prefix[0] = s.substring(s.indexOf('(') + 1, s.indexOf(')'));
            }
        }).verify(input(c, traffic(), p.events()));
        System.out.println(r.text());
        System.out.println(r.json());
        assertTrue(r.agree(), r.text());
        assertEquals(0, r.exitCode());
        io.podnet.dataplane.realise.RunPrefix own = new io.podnet.dataplane.realise.RunPrefix(prefix[0]);
        assertTrue(new Cleanup(runner).leftovers().stream().noneMatch(own::owns));
    }

    @Test
    void corruptedPredictionIsReportedAtItsHop() {
        Root.assumeRootAndTools();
        FlannelCluster c = cluster();
        FlannelPredictions p = new FlannelPredictions(c);
        List<TrafficItem> items = List.of(traffic().get(1));
        items.forEach(p::predict);
        // corrupt: the simulator now claims the packet left node1's flannel.1 with TTL 60
        List<TraceEvent> bad = new ArrayList<>();
        for (TraceEvent e : p.events()) {
            if (e.location().equals("node1/flannel.1") && e.kind() == io.podnet.sim.trace.EventKind.TX) {
                Packet q = e.packet();
                int i = q.headers().indexOf(q.last(Ipv4Header.class));
                q = q.with(i, q.last(Ipv4Header.class).withTtl(60));
                e = new TraceEvent(e.seq(), e.time(), e.packetId(), e.flow(), e.namespace(), e.device(), e.kind(),
                        e.explanation(), q, null, e.decision());
            }
            bad.add(e);
        }
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null).verify(input(c, items, bad));
        System.out.println(r.text());
        assertFalse(r.agree());
        assertEquals(1, r.exitCode());
        FlowResult f = r.flows().get(0);
        assertEquals("node1/flannel.1", f.firstDivergence());
        assertTrue(f.differences().stream().anyMatch(d -> d.aspect().equals("ttl") && d.simulated().equals("60")
                && d.kernel().equals("63")), r.text());
        assertTrue(r.json().contains("\"agree\" : false"));
    }
}
