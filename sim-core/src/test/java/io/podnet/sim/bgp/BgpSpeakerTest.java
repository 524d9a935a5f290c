package io.podnet.sim.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BgpSpeakerTest {
    private final Engine engine = new Engine();
    private final Tracer tracer = new Tracer(engine);
    private final DirectTransport transport = new DirectTransport(engine, (a, b) -> 50 * Durations.US, 3 * Durations.S);
    /** node -> (prefix -> next hop) as the route sink programmed it. */
    private final Map<String, Map<Ipv4Prefix, Ipv4Address>> fib = new TreeMap<>();
    private long lastChange;

    private BgpSpeaker.RouteSink sink() {
        return (speaker, prefix, nh, attrs) -> {
            lastChange = engine.now();
            Map<Ipv4Prefix, Ipv4Address> t = fib.computeIfAbsent(speaker, k -> new TreeMap<>(BgpSpeaker.PREFIX_ORDER));
            if (nh == null) {
                t.remove(prefix);
            } else {
                t.put(prefix, nh);
            }
        };
    }

    private static Ipv4Address node(int i) {
        return Ipv4Address.parse("172.18.0." + (i + 2));
    }

    private static Ipv4Prefix block(int i) {
        return Ipv4Prefix.parse("192.168." + i + ".0/26");
    }

    private List<BgpSpeaker> fullMesh(int n) {
        List<BgpSpeaker> speakers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<BgpConfig.Peer> peers = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    peers.add(new BgpConfig.Peer(node(j), 64512, false, false, "node" + (j + 1)));
                }
            }
            BgpSpeaker s = new BgpSpeaker("node" + (i + 1), BgpConfigs.calico(64512, node(i), null, peers), engine, tracer,
                    transport, sink());
            speakers.add(s);
        }
        for (int i = 0; i < n; i++) {
            speakers.get(i).start();
            speakers.get(i).originate(block(i));
        }
        return speakers;
    }

    @Test
    void threeNodeFullMeshConvergesWithEveryBlockViaItsNode() {
        List<BgpSpeaker> s = fullMesh(3);
        engine.runUntil(10 * Durations.S);
        for (int i = 0; i < 3; i++) {
            assertEquals(2, s.get(i).establishedSessions());
            Map<Ipv4Prefix, Ipv4Address> t = fib.get("node" + (i + 1));
            assertEquals(2, t.size(), "node" + (i + 1) + " " + t);
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    assertEquals(node(j), t.get(block(j)));
                }
            }
        }
        // Calico's timers: connect delay 2 s, so convergence a little after 2 s.
        assertTrue(lastChange > 2 * Durations.S && lastChange < 3 * Durations.S, "converged at " + lastChange);
    }

    @Test
    void nodeFailureIsNoticedByHoldTimerAndRoutesAreWithdrawn() {
        List<BgpSpeaker> s = fullMesh(3);
        engine.runUntil(10 * Durations.S);
        long failAt = engine.now();
        s.get(2).crash();
        transport.fail(node(2));
        engine.runUntil(failAt + 300 * Durations.S);
        assertNull(fib.get("node1").get(block(2)));
        assertNull(fib.get("node2").get(block(2)));
        long convergence = lastChange - failAt;
        // No keepalive for the hold time (240 s): the peers drop the session and its routes.
        assertTrue(convergence >= 160 * Durations.S && convergence <= 240 * Durations.S, "took " + convergence);
    }

    @Test
    void routeReflectorNeedsOneSessionPerClient() {
        // node1 is the reflector, node2..node4 its clients; clients peer only with it.
        int n = 4;
        List<BgpSpeaker> speakers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<BgpConfig.Peer> peers = new ArrayList<>();
            if (i == 0) {
                for (int j = 1; j < n; j++) {
                    peers.add(new BgpConfig.Peer(node(j), 64512, true, false, "node" + (j + 1)));
                }
            } else {
                peers.add(new BgpConfig.Peer(node(0), 64512, false, false, "node1"));
            }
            Ipv4Address cluster = i == 0 ? node(0) : null;
            speakers.add(new BgpSpeaker("node" + (i + 1), BgpConfigs.calico(64512, node(i), cluster, peers), engine, tracer,
                    transport, sink()));
        }
        for (int i = 0; i < n; i++) {
            speakers.get(i).start();
            speakers.get(i).originate(block(i));
        }
        engine.runUntil(10 * Durations.S);
        assertEquals(3, speakers.get(0).establishedSessions());
        for (int i = 1; i < n; i++) {
            assertEquals(1, speakers.get(i).establishedSessions());
            Map<Ipv4Prefix, Ipv4Address> t = fib.get("node" + (i + 1));
            assertEquals(n - 1, t.size(), t.toString());
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    // Reflection keeps the originating node as next hop.
                    assertEquals(node(j), t.get(block(j)));
                }
            }
        }
    }

    @Test
    void sameSeedlessRunIsDeterministic() {
        List<String> a = runAndRecord();
        List<String> b = runAndRecord();
        assertEquals(a, b);
    }

    private static List<String> runAndRecord() {
        BgpSpeakerTest t = new BgpSpeakerTest();
        List<String> events = new ArrayList<>();
        t.tracer.addListener(e -> events.add(e.time() + " " + e.namespace() + " " + e.explanation()));
        t.fullMesh(4);
        t.engine.runUntil(5 * Durations.S);
        return events;
    }
}
