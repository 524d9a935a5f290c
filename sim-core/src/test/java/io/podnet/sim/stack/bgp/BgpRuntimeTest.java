package io.podnet.sim.stack.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.UdpHandler;
import io.podnet.sim.socket.UdpSocket;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.trace.render.PcapngWriter;
import io.podnet.sim.wire.TcpHeader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BgpRuntimeTest {
    /** A running network with socket layers on every namespace, as the scenario runner makes it. */
    static final class Run {
        final Engine engine = new Engine();
        final Tracer tracer = new Tracer(engine);
        final TraceRecorder rec = new TraceRecorder();
        final SimNetwork net;
        final Map<String, SocketLayer> sockets = new LinkedHashMap<>();
        final BgpRuntime bgp;

        Run(NetworkConfig cfg, BgpRuntime.Transport transport) {
            tracer.addListener(rec);
            SeededRandoms randoms = new SeededRandoms(7);
            net = new NetworkBuilder(cfg, engine, tracer, randoms).build();
            for (NetNamespace ns : net.namespaces()) {
                SocketLayer l = new SocketLayer(ns, randoms.stream("sockets/" + ns.name()));
                ns.setLocalDelivery(l);
                sockets.put(ns.name(), l);
            }
            bgp = BgpRuntime.start(net, sockets::get, randoms, BgpRuntime.Options.DEFAULT.withTransport(transport));
        }

        List<String> birdRoutes(String ns) {
            return net.namespace(ns).routes().show().stream().filter(r -> r.contains("proto bird") && !r.startsWith("blackhole"))
                    .toList();
        }

        /** Sends one UDP datagram between pods and returns what arrived. */
        List<String> udp(String from, String to, String dst) {
            List<String> got = new ArrayList<>();
            sockets.get(to).udpBind(Ipv4Address.ANY, 7000, new UdpHandler() {
                @Override
                public void onDatagram(UdpSocket s, Endpoint src, Ipv4Address dstAddr, byte[] data, String flow) {
                    got.add(src.address() + " " + data.length);
                }
            });
            UdpSocket s = sockets.get(from).udpOpen((sock, src, d, data, flow) -> { });
            s.sendTo(new Endpoint(Ipv4Address.parse(dst), 7000), new byte[100], "probe");
            engine.runUntil(engine.now() + 10 * Durations.MS);
            return got;
        }
    }

    @Test
    void aFullMeshOverTcpInstallsIpipRoutesAndCarriesPodTraffic() {
        Run run = new Run(CalicoNets.cluster(3, CalicoNets.Ipip.ALWAYS), BgpRuntime.Transport.TCP);
        run.engine.runUntil(10 * Durations.S);
        assertTrue(run.bgp.allEstablished());
        assertEquals(3, run.bgp.sessionCount());
        assertEquals(List.of("10.244.2.0/26 via 172.18.0.3 dev tunl0 proto bird onlink",
                "10.244.3.0/26 via 172.18.0.4 dev tunl0 proto bird onlink"), run.birdRoutes("node1"));
        assertEquals(2, run.bgp.learnedRoutes("node2"));
        long at = run.bgp.initialConvergenceAt();
        assertTrue(at > 2 * Durations.S && at < 2100 * Durations.MS, "after the 2 s connect delay, within 100 ms: " + at);
        assertEquals(List.of("10.244.1.5 100"), run.udp("pod1", "pod3", "10.244.3.5"));
        // BGP travelled as TCP segments to port 179 on the underlay, OPEN first (marker of 16 0xff bytes, type 1)
        List<TraceEvent> bgpTx = run.rec.events().stream().filter(e -> e.kind() == EventKind.TX
                && e.location().equals("node1/eth0") && e.packet().last(TcpHeader.class) != null
                && (e.packet().last(TcpHeader.class).dstPort() == 179 || e.packet().last(TcpHeader.class).srcPort() == 179)
                && e.packet().payloadLength() > 0).toList();
        assertTrue(bgpTx.size() >= 4, "OPEN, KEEPALIVE and UPDATEs to both peers: " + bgpTx.size());
        byte[] first = bgpTx.get(0).packet().payload();
        assertEquals((byte) 0xff, first[0]);
        assertEquals(1, first[18], "the first BGP message is an OPEN");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.kind() == EventKind.ROUTE && e.location().equals("node1/bird")
                && e.explanation().startsWith("BIRD installs 10.244.3.0/26 via 172.18.0.4 dev tunl0 proto bird onlink")));
    }

    @Test
    void tsharkDecodesTheSessionsAsBgp(@TempDir Path dir) throws Exception {
        String tshark = onPath("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on PATH; skipping the Wireshark interoperability check");
        Run run = new Run(CalicoNets.cluster(2, CalicoNets.Ipip.ALWAYS), BgpRuntime.Transport.TCP);
        run.engine.runUntil(100 * Durations.S);
        List<TraceEvent> node1 = run.rec.events().stream().filter(e -> e.location().equals("node1/eth0")).toList();
        Path file = dir.resolve("bgp.pcapng");
        Files.write(file, PcapngWriter.write(node1));
        Process p = new ProcessBuilder(tshark, "-r", file.toString(), "-Y", "bgp && frame.interface_name == \"node1/eth0\"",
                "-T", "fields", "-e", "bgp.type", "-e", "bgp.open.holdtime", "-e", "bgp.nlri_prefix", "-e", "ip.src")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // node1 (172.18.0.2) connects (lower id) and sends OPEN; both sides' OPEN, KEEPALIVE, UPDATE, then
        // the 80-second KEEPALIVEs: each message is seen once as TX on node1/eth0 or as RX.
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("1\t240\t\t172.18.0.2"), out);
        assertTrue(lines.contains("1\t240\t\t172.18.0.3"), out);
        assertTrue(lines.contains("2\t\t10.244.1.0\t172.18.0.2"), out);
        assertTrue(lines.contains("2\t\t10.244.2.0\t172.18.0.3"), out);
        assertTrue(lines.stream().filter(l -> l.startsWith("4\t")).count() >= 4, out);
        Process bad = new ProcessBuilder(tshark, "-r", file.toString(), "-o", "tcp.check_checksum:TRUE",
                "-Y", "_ws.malformed || tcp.checksum.status == 0 || tcp.analysis.retransmission").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", badOut, "no malformed frame, bad checksum or retransmission");
    }

    private static String onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, exe);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    @Test
    void aFailedNodeIsWithdrawnWhenTheHoldTimersExpire() {
        Run run = new Run(CalicoNets.cluster(3, CalicoNets.Ipip.ALWAYS), BgpRuntime.Transport.TCP);
        assertNull(run.bgp.convergence());
        run.bgp.failNodeAt(20 * Durations.S, "node3");
        run.engine.runUntil(200 * Durations.S);
        BgpRuntime.Convergence before = run.bgp.convergence();
        assertFalse(before.converged(), "the hold timers (240 s) have not expired yet: " + before);
        assertEquals(2, run.bgp.learnedRoutes("node1"));
        run.engine.runUntil(400 * Durations.S);
        BgpRuntime.Convergence c = run.bgp.convergence();
        assertTrue(c.converged(), c.toString());
        assertEquals(20 * Durations.S, c.failedAt());
        assertEquals(2, c.routeChanges(), "node1 and node2 each remove the route to node3's block");
        assertTrue(c.nanos() > 200 * Durations.S && c.nanos() <= 240 * Durations.S,
                "the last message from node3 came ~2 s after the start; its hold timer runs out 240 s after it: " + c);
        assertEquals(List.of("10.244.2.0/26 via 172.18.0.3 dev tunl0 proto bird onlink"), run.birdRoutes("node1"));
        assertEquals(1, run.bgp.establishedSessions(), "only node1 <-> node2 remains");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.location().equals("node1/bird")
                && e.explanation().contains("hold timer expired")), "the session failure is traced");
        assertTrue(run.rec.events().stream().anyMatch(e -> e.kind() == EventKind.ROUTE && e.location().equals("node2/bird")
                && e.explanation().startsWith("BIRD removes 10.244.3.0/26 via 172.18.0.4 dev tunl0 proto bird onlink")));
    }

    @Test
    void theDirectTransportConvergesTheSameWithoutPackets() {
        Run run = new Run(CalicoNets.cluster(3, CalicoNets.Ipip.ALWAYS), BgpRuntime.Transport.DIRECT);
        run.bgp.failNodeAt(20 * Durations.S, "node3");
        run.engine.runUntil(400 * Durations.S);
        assertEquals(List.of("10.244.2.0/26 via 172.18.0.3 dev tunl0 proto bird onlink"), run.birdRoutes("node1"));
        BgpRuntime.Convergence c = run.bgp.convergence();
        assertTrue(c.nanos() > 200 * Durations.S && c.nanos() <= 240 * Durations.S, c.toString());
        assertFalse(run.rec.events().stream().anyMatch(e -> e.kind() == EventKind.TX && e.packet() != null
                && e.packet().last(TcpHeader.class) != null && e.packet().last(TcpHeader.class).dstPort() == 179));
    }

    @Test
    void withoutEncapsulationRoutesGoViaTheUnderlay() {
        Run run = new Run(CalicoNets.cluster(2, CalicoNets.Ipip.NEVER), BgpRuntime.Transport.TCP);
        run.engine.runUntil(10 * Durations.S);
        assertEquals(List.of("10.244.2.0/26 via 172.18.0.3 dev eth0 proto bird"), run.birdRoutes("node1"));
        assertEquals(List.of("10.244.1.5 100"), run.udp("pod1", "pod2", "10.244.2.5"));
        assertFalse(run.rec.events().stream().anyMatch(e -> e.kind() == EventKind.ENCAP));
    }

    @Test
    void crossSubnetEncapsulatesOnlyAcrossSubnets() {
        Run run = new Run(CalicoNets.cluster(2, CalicoNets.Ipip.CROSS_SUBNET), BgpRuntime.Transport.DIRECT);
        run.engine.runUntil(10 * Durations.S);
        assertEquals(List.of("10.244.2.0/26 via 172.18.0.3 dev eth0 proto bird"), run.birdRoutes("node1"),
                "the next hop is in node1's subnet");
        KernelRouteSink sink = new KernelRouteSink(run.net.namespace("node1"), run.net.config().bgp().get(0), (a, b, c) -> { });
        assertEquals("10.244.9.0/26 via 10.9.0.7 dev tunl0 proto bird onlink",
                sink.routeFor(Ipv4Prefix.parse("10.244.9.0/26"), Ipv4Address.parse("10.9.0.7")).text());
        assertEquals("10.250.0.0/26 via 172.18.0.254 dev eth0 proto bird",
                sink.routeFor(Ipv4Prefix.parse("10.250.0.0/26"), Ipv4Address.parse("10.9.0.7")).text(),
                "outside every pool with a rule: native, the off-link next hop resolved through the default route");
    }

    @Test
    void badInputIsRefusedClearly() {
        Run run = new Run(CalicoNets.cluster(2, CalicoNets.Ipip.ALWAYS), BgpRuntime.Transport.DIRECT);
        assertEquals("no BGP speaker in namespace 'pod1'; speakers: node1, node2",
                assertThrows(IllegalArgumentException.class, () -> run.bgp.speaker("pod1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> run.bgp.failNode("node9"));
        NetworkConfig bad = CalicoNets.cluster(2, CalicoNets.Ipip.ALWAYS);
        NetworkConfig renamed = new NetworkConfig(bad.namespaces().subList(2, 4), bad.segments(), bad.bgp());
        Engine e = new Engine();
        SimNetwork net = new NetworkBuilder(renamed, e, new Tracer(e), null).build();
        assertEquals("BGP daemon for 'node1': the network has no such namespace", assertThrows(IllegalArgumentException.class,
                () -> BgpRuntime.start(net, null, null, null)).getMessage());
    }
}
