package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wireshark reads the tunnel frames the codecs write as GENEVE, IPIP and WireGuard, with good checksums. */
class TunnelTsharkTest {
    /** The frames re-encoded by the codecs (decode, then encode), so the file holds what the simulator writes. */
    private static List<byte[]> frames() {
        List<byte[]> out = new ArrayList<>();
        for (String hex : List.of(TunnelFrames.GENEVE_OPTION_TCP_SYN, TunnelFrames.GENEVE_TCP_SYN, TunnelFrames.IPIP_TCP_SYN,
                TunnelFrames.WIREGUARD_TCP_SYN, TunnelFrames.WIREGUARD_KEEPALIVE)) {
            out.add(Packet.decodeEthernet(bytes(hex), DecodeOptions.DEFAULT).encode());
        }
        return out;
    }

    /** A classic pcap file (microsecond timestamps, link type Ethernet), one frame per millisecond. */
    static byte[] pcap(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        int t = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(0).putInt(1000 * t++).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    @Test
    void tsharkDecodesEveryTunnel(@TempDir Path dir) throws Exception {
        String tshark = onPath("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on PATH; skipping the Wireshark interoperability check");
        Path file = dir.resolve("tunnels.pcap");
        Files.write(file, pcap(frames()));
        List<String> fields = run(dir, tshark, "-r", file.toString(), "-T", "fields", "-E", "separator=;",
                "-e", "ip.proto", "-e", "ip.src", "-e", "ip.dst", "-e", "ip.ttl", "-e", "ip.flags.df",
                "-e", "geneve.vni", "-e", "geneve.proto_type", "-e", "geneve.flags.critical", "-e", "geneve.option.class",
                "-e", "geneve.option.type", "-e", "wg.type", "-e", "wg.receiver", "-e", "wg.counter", "-e", "tcp.dstport");
        assertEquals(List.of(
                "17,6;192.168.1.10,10.244.0.0;192.168.1.11,10.244.1.0;64,64;0,1;0x000005;0x6558;1;0x0102;0x80;;;;8080",
                "17,6;192.168.1.10,10.244.0.0;192.168.1.11,10.244.1.0;64,64;0,1;0x000005;0x6558;0;;;;;;8080",
                "4,6;192.168.1.10,10.244.0.0;192.168.1.11,10.244.1.0;63,63;1,1;;;;;;;;;8080",
                "17;192.168.1.10;192.168.1.11;64;0;;;;;;4;0x1a2b3c4d;7;",
                "17;192.168.1.10;192.168.1.11;64;0;;;;;;4;0x1a2b3c4d;8;"), fields);
        List<String> bad = run(dir, tshark, "-r", file.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", "ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || _ws.malformed"
                        + " || _ws.expert.severity >= 6291456");
        assertEquals(List.of(), bad, "tshark finds no bad checksum, no malformed frame and no error");
        List<String> sizes = run(dir, tshark, "-r", file.toString(), "-T", "fields", "-e", "frame.len", "-e", "wg.keepalive");
        assertEquals(List.of("132\t", "124\t", "94\t", "138\t", "74\t1"), sizes);
    }

    static List<String> run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("tshark.err").toFile());
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
