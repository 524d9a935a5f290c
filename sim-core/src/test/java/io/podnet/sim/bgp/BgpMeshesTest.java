package io.podnet.sim.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpMeshesTest {
    static List<Ipv4Address> addrs(int n) {
        List<Ipv4Address> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a.add(Ipv4Address.parse("172.18.0.0").plus(2 + i));
        }
        return a;
    }

    static List<String> names(int n) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a.add("node" + (i + 1));
        }
        return a;
    }

    @Test
    void fullMeshHasNTimesNMinusOneOverTwoSessions() {
        assertEquals(4950, BgpMeshes.sessionCount(BgpMeshes.fullMesh(addrs(100), names(100), 64512)));
        assertEquals(499_500, BgpMeshes.sessionCount(BgpMeshes.fullMesh(addrs(1000), names(1000), 64512)));
    }

    @Test
    void twoReflectorsNeedTwoSessionsPerClientPlusOne() {
        List<List<BgpConfig.Peer>> p = BgpMeshes.routeReflectors(addrs(100), names(100), 64512, List.of(0, 1));
        assertEquals(98 * 2 + 1, BgpMeshes.sessionCount(p));
        assertEquals(2, p.get(50).size());
        assertEquals(99, p.get(0).size());
    }

    @Test
    void twentyNodeMeshesConvergeToTheSameRoutes() {
        for (boolean rr : new boolean[] {false, true}) {
            Engine engine = new Engine();
            DirectTransport t = new DirectTransport(engine, (a, b) -> 100 * Durations.US, 3 * Durations.S);
            int n = 20;
            List<List<BgpConfig.Peer>> peers = rr
                    ? BgpMeshes.routeReflectors(addrs(n), names(n), 64512, List.of(0, 1))
                    : BgpMeshes.fullMesh(addrs(n), names(n), 64512);
            int[] routes = new int[n];
            List<BgpSpeaker> speakers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                Ipv4Address cluster = rr && i < 2 ? Ipv4Address.parse("10.255.255.1") : null;
                BgpSpeaker s = new BgpSpeaker(names(n).get(i), BgpConfigs.calico(64512, addrs(n).get(i), cluster, peers.get(i)),
                        engine, new Tracer(engine), t, (sp, prefix, nh, attrs) -> routes[idx] += nh == null ? -1 : 1);
                speakers.add(s);
            }
            for (int i = 0; i < n; i++) {
                speakers.get(i).start();
                speakers.get(i).originate(Ipv4Prefix.parse("192.168.0.0/16").subnet(26, i));
            }
            engine.runUntil(20 * Durations.S);
            for (int i = 0; i < n; i++) {
                assertEquals(n - 1, routes[i], (rr ? "rr " : "mesh ") + "node" + (i + 1));
            }
            assertTrue(speakers.get(5).establishedSessions() == (rr ? 2 : n - 1));
        }
    }
}
