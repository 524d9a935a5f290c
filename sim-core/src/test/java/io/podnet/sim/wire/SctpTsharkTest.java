package io.podnet.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wireshark reads every SCTP chunk podnet's codec writes, and finds its CRC32c right. */
class SctpTsharkTest {
    @Test
    void tsharkVerifiesTheCrc32cOfEveryChunkType(@TempDir Path dir) throws Exception {
        String tshark = TunnelTsharkTest.onPath("tshark");
        Assumptions.assumeTrue(tshark != null, "tshark is not on PATH; skipping the Wireshark interoperability check");
        byte[] cookie = new byte[32];
        List<SctpChunk> chunks = List.of(
                new SctpChunk.Init(false, 0x1234abcdL, 106496, 10, 65535, 42, List.of()),
                new SctpChunk.Init(true, 0xfeedL, 106496, 10, 10, 7,
                        List.of(new SctpChunk.Parameter(SctpChunk.Parameter.STATE_COOKIE, cookie))),
                new SctpChunk.CookieEcho(cookie), new SctpChunk.CookieAck(),
                SctpChunk.Data.message(42, 0, 0, new byte[] {9, 8, 7}), SctpChunk.Sack.of(42, 106496),
                new SctpChunk.Shutdown(42), new SctpChunk.ShutdownAck(), new SctpChunk.ShutdownComplete(false),
                new SctpChunk.Abort(true, new byte[0]));
        List<byte[]> frames = new ArrayList<>();
        for (SctpChunk c : chunks) {
            frames.add(SctpHeaderTest.frame(SctpHeader.of(40000, 7777, 0xcafef00dL, c)).encode());
        }
        Path file = dir.resolve("sctp.pcap");
        Files.write(file, TunnelTsharkTest.pcap(frames));
        List<String> out = TunnelTsharkTest.run(dir, tshark, "-r", file.toString(), "-o", "sctp.checksum:CRC-32c",
                "-T", "fields", "-E", "separator=;", "-e", "sctp.srcport", "-e", "sctp.verification_tag",
                "-e", "sctp.checksum.status", "-e", "sctp.chunk_type", "-e", "_ws.malformed");
        List<String> expected = new ArrayList<>();
        for (int type : new int[] {1, 2, 10, 11, 0, 3, 7, 8, 14, 6}) {
            expected.add("40000;0xcafef00d;1;" + type + ";");
        }
        assertEquals(expected, out, "checksum status 1 is 'Good' in Wireshark");
    }
}
