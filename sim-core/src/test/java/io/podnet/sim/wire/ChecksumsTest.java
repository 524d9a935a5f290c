package io.podnet.sim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2 (folded); the checksum is its complement.
        byte[] b = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0xddf2, Checksums.fold(Checksums.sum(b, 0, b.length, 0)));
        assertEquals(0x220d, Checksums.ones(b, 0, b.length, 0));
    }

    @Test
    void oddLengthPadsWithZero() {
        byte[] b = {0x12, 0x34, 0x56};
        assertEquals(0x1234 + 0x5600, Checksums.sum(b, 0, 3, 0));
    }

    @Test
    void aCorrectHeaderSumsToZero() {
        byte[] ip = HexFormat.of().parseHex("4500005468ca400040014e79c0a8010ac0a8010b");
        assertEquals(0, Checksums.ones(ip, 0, ip.length, 0));
    }

    @Test
    void pseudoHeaderAddsAddressesProtocolAndLength() {
        assertEquals(0xc0a8 + 0x010a + 0xc0a8 + 0x010b + 6 + 40, Checksums.pseudoHeader(0xc0a8010a, 0xc0a8010b, 6, 40));
    }

    @Test
    void incrementalUpdateMatchesRecomputation() {
        byte[] ip = HexFormat.of().parseHex("4500005468ca400040014e79c0a8010ac0a8010b");
        int old = 0x4e79;
        byte[] changed = ip.clone();
        changed[16] = 10;
        changed[17] = 96;
        changed[18] = 0;
        changed[19] = 10;
        changed[10] = 0;
        changed[11] = 0;
        int expected = Checksums.ones(changed, 0, 20, 0);
        assertEquals(expected, Checksums.replace32(old, 0xc0a8010b, 0x0a60000a));
        assertEquals(old, Checksums.replace16(old, 0x1234, 0x1234));
    }
}
