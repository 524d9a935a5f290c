package io.podnet.sim.trace.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngWriterTest {
    /** One parsed block: type and body (between the two length fields). */
    private record Block(int type, ByteBuffer body) {}

    private static List<Block> blocks(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Block> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int start = b.position();
            int type = b.getInt();
            int len = b.getInt();
            assertEquals(0, len % 4, "block lengths are multiples of 4");
            assertEquals(len, b.getInt(start + len - 4), "trailing length equals leading length");
            ByteBuffer body = ByteBuffer.wrap(Arrays.copyOfRange(file, start + 8, start + len - 4)).order(ByteOrder.LITTLE_ENDIAN);
            out.add(new Block(type, body));
            b.position(start + len);
        }
        return out;
    }

    private static String option(ByteBuffer body, int from, int code) {
        body.position(from);
        while (body.remaining() >= 4) {
            int c = body.getShort() & 0xffff;
            int l = body.getShort() & 0xffff;
            if (c == 0) {
                break;
            }
            byte[] v = new byte[l];
            body.get(v);
            body.position(body.position() + ((l + 3) & ~3) - l);
            if (c == code) {
                return new String(v, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Test
    void writesOneInterfacePerDeviceAndOneFramePerTxRx() {
        List<TraceEvent> events = SampleTrace.events();
        byte[] file = PcapngWriter.write(events);
        List<Block> blocks = blocks(file);
        assertEquals(0x0A0D0D0A, blocks.get(0).type());
        assertEquals(0x1A2B3C4D, blocks.get(0).body().getInt(0));
        List<String> names = new ArrayList<>();
        List<Packet> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (Block bl : blocks.subList(1, blocks.size())) {
            if (bl.type() == 1) {
                assertEquals(1, bl.body().getShort(0), "link type Ethernet");
                assertEquals("\u0009", option(bl.body(), 8, 9), "if_tsresol = 9: nanoseconds");
                names.add(option(bl.body(), 8, 2));
            } else {
                assertEquals(6, bl.type());
                ByteBuffer body = bl.body();
                int ifId = body.getInt(0);
                assertTrue(ifId < names.size(), "the interface is described before its first frame");
                times.add((long) body.getInt(4) << 32 | (body.getInt(8) & 0xffffffffL));
                int len = body.getInt(12);
                assertEquals(len, body.getInt(16));
                byte[] data = Arrays.copyOfRange(body.array(), 20, 20 + len);
                frames.add(Packet.decodeEthernet(data, java.util.Set.of(8472)));
            }
        }
        assertEquals(List.of("frontend/eth0", "node1/veth1a2b", "node1/flannel.1", "node1/eth0", "node2/eth0", "node2/flannel.1"), names);
        assertEquals(List.of(0L, 1_250L, 3_000L, 3_500L, 14_572L, 15_000L), times);
        List<Packet> expected = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.kind() == EventKind.TX || e.kind() == EventKind.RX) {
                expected.add(e.packet());
            }
        }
        assertEquals(expected, frames);
    }

    @Test
    void skipsFramesWithoutALinkHeaderAndNonFrameEvents() {
        List<TraceEvent> events = SampleTrace.events();
        long captured = events.stream().filter(PcapngWriter::captures).count();
        assertEquals(6, captured);
        TraceEvent send = events.get(0); // SEND of an L3 packet: not a frame
        assertTrue(!PcapngWriter.captures(send));
        TraceEvent ipip = new TraceEvent(99, 5, 1, null, "node1", "tunl0", EventKind.TX, "ipip", send.packet(), null, null);
        assertTrue(PcapngWriter.captures(ipip), "raw IPv4 on a tunnel device is captured with link type 228");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.onEvent(ipip);
            w.onEvent(events.get(2)); // an Ethernet frame on another interface
            assertEquals(List.of("node1/tunl0", "frontend/eth0"), w.interfaces());
            assertEquals(2, w.frames());
        }
        List<Block> blocks = blocks(out.toByteArray());
        assertEquals(PcapngWriter.LINKTYPE_IPV4, blocks.get(1).body().getShort(0));
        assertTrue(send.packet().header(0) instanceof Ipv4Header);
    }

    /** A tunl0 sends raw IPv4 and receives it under the placeholder header: both are one raw-IPv4 interface. */
    @Test
    void anL3TunnelDeviceIsRawIpv4InBothDirections() {
        TraceEvent send = SampleTrace.events().get(0);
        Packet raw = send.packet();
        Packet placeholder = raw.encapsulate(List.of(new io.podnet.sim.wire.EthernetHeader(io.podnet.sim.net.MacAddress.ZERO,
                io.podnet.sim.net.MacAddress.ZERO, io.podnet.sim.wire.EthernetHeader.TYPE_IPV4)));
        TraceEvent tx = new TraceEvent(1, 5, 1, null, "node1", "tunl0", EventKind.TX, "out", raw, null, null);
        TraceEvent rx = new TraceEvent(2, 6, 2, null, "node1", "tunl0", EventKind.RX, "in", placeholder, null, null);
        TraceEvent lo = new TraceEvent(3, 7, 3, null, "node1", "lo", EventKind.RX, "lo", placeholder, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.onEvent(tx);
            w.onEvent(rx);
            w.onEvent(lo);
            assertEquals(List.of("node1/tunl0", "node1/lo"), w.interfaces());
            assertEquals(3, w.frames(), "the received frame is not dropped for its placeholder header");
        }
        List<Block> blocks = blocks(out.toByteArray());
        assertEquals(PcapngWriter.LINKTYPE_IPV4, blocks.get(1).body().getShort(0));
        int rxLen = blocks.get(3).body().getInt(12);
        assertEquals(raw.encode().length, rxLen, "no placeholder header in the capture");
        assertEquals(PcapngWriter.LINKTYPE_ETHERNET, blocks.get(4).body().getShort(0), "lo keeps its zero-MAC Ethernet header");
    }

    @Test
    void isDeterministic() {
        assertArrayEquals(PcapngWriter.write(SampleTrace.events()), PcapngWriter.write(SampleTrace.events()));
    }

    @Test
    void opensInTshark(@TempDir Path dir) throws Exception {
        String tshark = onPath("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on PATH; skipping the Wireshark interoperability check");
        Path file = dir.resolve("run.pcapng");
        Files.write(file, PcapngWriter.write(SampleTrace.events()));
        List<String> fields = run(dir, tshark, "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-T", "fields", "-e", "vxlan.vni", "-e", "ip.src", "-e", "ip.dst");
        assertEquals(List.of(
                "\t10.244.0.5\t10.96.0.10",
                "\t10.244.0.5\t10.96.0.10",
                "\t10.244.0.5\t10.244.1.7",
                "1\t192.168.1.10,10.244.0.5\t192.168.1.11,10.244.1.7",
                "1\t192.168.1.10,10.244.0.5\t192.168.1.11,10.244.1.7",
                "\t10.244.0.5\t10.244.1.7"), fields);
        List<String> meta = run(dir, tshark, "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name",
                "-e", "frame.time_epoch", "-e", "tcp.flags.syn");
        assertEquals("frontend/eth0\t0.000000000\t1", meta.get(0));
        assertEquals("node2/eth0\t0.000014572\t", meta.get(4), "8472 is not a VXLAN port to Wireshark unless told");
        List<String> bad = run(dir, tshark, "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", "ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || _ws.malformed");
        assertEquals(List.of(), bad, "tshark finds no bad checksum and no malformed frame");
    }

    private static List<String> run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("tshark.err").toFile());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, p.exitValue(), () -> "tshark failed: " + read(dir.resolve("tshark.err")));
        String s = new String(out, StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : s.lines().toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
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
}
