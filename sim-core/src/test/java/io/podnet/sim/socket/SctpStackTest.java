package io.podnet.sim.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.socket.app.Outcome;
import io.podnet.sim.socket.app.SctpClientApp;
import io.podnet.sim.socket.app.SctpServerApp;
import io.podnet.sim.socket.app.TrafficSpec;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceRecorder;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.trace.render.PcapngWriter;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCTP between two pods on two Flannel-VXLAN nodes, and Wireshark's reading of podnet's pcapng of it. */
class SctpStackTest {
    final Engine engine = new Engine();
    final Tracer tracer = new Tracer(engine);
    final TraceRecorder rec = new TraceRecorder();
    final SeededRandoms randoms = new SeededRandoms(5);
    final Map<String, SocketLayer> sockets = new TreeMap<>();

    SctpStackTest() {
        tracer.addListener(rec);
        SimNetwork net = new NetworkBuilder(StackIntegrationTest.flannel(), engine, tracer, randoms).build();
        for (NetNamespace n : net.namespaces()) {
            SocketLayer s = new SocketLayer(n, randoms.stream("sockets/" + n.name()));
            n.setLocalDelivery(s);
            sockets.put(n.name(), s);
        }
    }

    @Test
    void sctpAcrossVxlanIsDeliveredAndTsharkVerifiesEveryChecksum(@TempDir Path dir) throws Exception {
        new SctpServerApp(sockets.get("pod-b"), 7777, 100, 5000).start();
        SctpClientApp c = new SctpClientApp(sockets.get("pod-a"),
                new TrafficSpec("sctp", new Endpoint(StackIntegrationTest.ip("10.244.2.2"), 7777), 100, 5000, Durations.S),
                null);
        engine.schedule(0, c::start);
        engine.runUntilIdle();
        assertEquals(Outcome.DELIVERED, c.result().outcome(), c.result().summary());
        assertTrue(rec.events().stream().anyMatch(e -> e.kind() == EventKind.ENCAP
                && e.packet().first(VxlanHeader.class) != null && e.packet().first(SctpHeader.class) != null));
        String tshark = onPath("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on PATH; skipping the Wireshark interoperability check");
        Path file = dir.resolve("sctp.pcapng");
        Files.write(file, PcapngWriter.write(rec.events()));
        List<String> status = run(dir, tshark, "-r", file.toString(), "-o", "sctp.checksum:CRC-32c",
                "-d", "udp.port==8472,vxlan", "-Y", "sctp", "-T", "fields", "-e", "sctp.checksum.status");
        assertTrue(status.size() >= 20, "SCTP frames captured on every interface: " + status.size());
        assertTrue(status.stream().allMatch("1"::equals), "Wireshark: every CRC32c is Good: " + status);
        List<String> bad = run(dir, tshark, "-r", file.toString(), "-o", "sctp.checksum:CRC-32c",
                "-d", "udp.port==8472,vxlan", "-Y", "sctp && (_ws.malformed || _ws.expert.severity >= 6291456)");
        assertEquals(List.of(), bad, "no malformed SCTP frame and no expert error");
        List<String> pod = run(dir, tshark, "-r", file.toString(), "-o", "sctp.checksum:CRC-32c",
                "-Y", "sctp && frame.interface_name == \"pod-b/eth0\"", "-T", "fields",
                "-e", "sctp.chunk_type");
        assertEquals("1", pod.get(0), "the first SCTP frame into pod-b is the INIT");
    }

    static List<String> run(Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("tshark.err").toFile());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, p.exitValue(), () -> "tshark failed: " + read(dir.resolve("tshark.err")));
        String s = new String(out, StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : new ArrayList<>(s.lines().toList());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    static String onPath(String exe) {
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
}
