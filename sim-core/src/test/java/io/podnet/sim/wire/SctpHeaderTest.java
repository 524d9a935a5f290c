package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SCTP common header and chunks (RFC 9260 §3) against packets other implementations produced:
 * a header-only packet and an INIT sent by a browser's SCTP stack (usrsctp), both from pion/sctp's
 * tests, and an IPv4 INIT built by Scapy (its SCTP regression tests). Their CRC32c values are the
 * other implementations', not podnet's.
 */
class SctpHeaderTest {
    /** Ports 5000 > 5000, verification tag 0, no chunks; CRC32c 06 a9 00 e1 on the wire. */
    static final String HEADER_ONLY = "1388138800000000" + "06a900e1";

    /** A real INIT (usrsctp): tag 0x55b964a5, a_rwnd 131072, OS 1024, MIS 2048, TSN 0xe86d1030, 5 parameters. */
    static final String USRSCTP_INIT = "1388138800000000" + "81469dfc"
            + "01000056" + "55b964a5" + "00020000" + "04000800" + "e86d1030"
            + "c0000004" + "80080009c00fc18082000000"
            + "800200249febbb5c50c9bf759cb12c574fa45a51ba601778" + "27945c31e65d5b0947e22206"
            + "8004000600010000" + "8003000680c1" + "0000";

    /** Scapy: IP()/SCTP()/SCTPChunkInit(params=[SCTPChunkParamIPv4Addr()]), checksum 0x402c0b5f. */
    static final String SCAPY_IP_INIT = "4500003c00010000" + "40847c3b7f000001" + "7f000001"
            + "0000000000000000" + "402c0b5f" + "0100001c0000000000000000000000000000000000050008" + "7f000001";

    private static SctpHeader decode(byte[] b) {
        assertTrue(SctpHeader.checksumValid(b, 0, b.length), "the other implementation's CRC32c verifies");
        return SctpHeader.decode(ByteBuffer.wrap(b));
    }

    private static byte[] encode(SctpHeader h) {
        return Packet.of(new byte[0], h).encode();
    }

    @Test
    void headerOnlyPacketDecodesAndEncodesToTheSameChecksum() {
        byte[] b = bytes(HEADER_ONLY);
        SctpHeader h = decode(b);
        assertEquals(new SctpHeader(5000, 5000, 0, List.of()), h);
        assertArrayEquals(b, encode(h), "CRC32c stored least significant byte first");
    }

    @Test
    void usrsctpInitDecodesFieldByFieldAndEncodesBack() {
        byte[] b = bytes(USRSCTP_INIT);
        assertEquals(100, b.length);
        SctpHeader h = decode(b);
        assertEquals(1, h.chunks().size());
        SctpChunk.Init init = (SctpChunk.Init) h.chunks().get(0);
        assertEquals(SctpChunk.INIT, init.type());
        assertEquals(1438213285L, init.initiateTag());
        assertEquals(131072, init.receiverWindow());
        assertEquals(1024, init.outboundStreams());
        assertEquals(2048, init.inboundStreams());
        assertEquals(0xe86d1030L, init.initialTsn());
        assertEquals(List.of(0xc000, 0x8008, 0x8002, 0x8004, 0x8003),
                init.parameters().stream().map(SctpChunk.Parameter::type).toList());
        assertEquals(86, SctpChunk.HEADER_LENGTH + init.valueLength(), "the length field leaves out the last padding");
        assertEquals(100, h.encodedLength());
        assertArrayEquals(b, encode(h));
    }

    @Test
    void scapyIpv4InitDecodesThroughThePacketDecoder() {
        byte[] b = bytes(SCAPY_IP_INIT);
        Packet p = Packet.decodeIpv4(b, DecodeOptions.NONE);
        SctpHeader h = (SctpHeader) p.header(1);
        assertEquals(new SctpChunk.Init(false, 0, 0, 0, 0, 0,
                List.of(new SctpChunk.Parameter(5, bytes("7f000001")))), h.chunks().get(0));
        assertEquals(0, p.payloadLength());
        assertArrayEquals(b, p.encode());
        b[30] ^= 1; // a bit of the checksum
        WireException e = assertThrows(WireException.class, () -> Packet.decodeIpv4(b, DecodeOptions.NONE));
        assertTrue(e.getMessage().contains("CRC32c"), e.getMessage());
    }

    @Test
    void everyChunkRoundTripsInAFrame() {
        byte[] cookie = new byte[] {1, 2, 3, 4, 5, 6, 7};
        List<SctpChunk> chunks = List.of(
                new SctpChunk.Init(false, 0x1234abcdL, 106496, 10, 65535, 42, List.of(
                        new SctpChunk.Parameter(SctpChunk.Parameter.SUPPORTED_ADDRESS_TYPES, bytes("0005")),
                        new SctpChunk.Parameter(SctpChunk.Parameter.ECN_CAPABLE, new byte[0]))),
                new SctpChunk.Init(true, 0xfeedL, 106496, 10, 10, 7,
                        List.of(new SctpChunk.Parameter(SctpChunk.Parameter.STATE_COOKIE, cookie))),
                new SctpChunk.CookieEcho(cookie), new SctpChunk.CookieAck(),
                SctpChunk.Data.message(42, 0, 0, new byte[] {9, 8, 7}),
                new SctpChunk.Sack(42, 106496, List.of(new SctpChunk.GapBlock(2, 3)), List.of(40L)),
                new SctpChunk.Shutdown(42), new SctpChunk.ShutdownAck(), new SctpChunk.ShutdownComplete(true),
                new SctpChunk.Abort(true, bytes("000c0004")),
                new SctpChunk.Other(SctpChunk.HEARTBEAT, 0, bytes("000100080102030405")));
        for (SctpChunk c : chunks) {
            Packet p = frame(SctpHeader.of(40000, 7777, 0xcafef00dL, c));
            Packet back = Packet.decodeEthernet(p.encode(), DecodeOptions.NONE);
            assertEquals(p, back, c.summary());
            assertEquals(0, (p.length() - 14 - 20) % 4, "chunks are padded to 4 bytes: " + c.summary());
        }
        Packet all = frame(new SctpHeader(1, 2, 3, chunks));
        assertEquals(all, Packet.decodeEthernet(all.encode(), DecodeOptions.NONE));
        assertArrayEquals(cookie, ((SctpChunk.Init) chunks.get(1)).stateCookie());
    }

    @Test
    void truncatedOrMalformedChunksAreRefused() {
        byte[] b = bytes(USRSCTP_INIT);
        for (int cut : new int[] {4, 11, 14, 20, 31, 60, 97}) {
            byte[] part = java.util.Arrays.copyOf(b, cut);
            assertThrows(WireException.class, () -> SctpHeader.decode(ByteBuffer.wrap(part)), "cut at " + cut);
        }
        byte[] shortLength = bytes("13881388000000000000000001000002");
        assertThrows(WireException.class, () -> SctpHeader.decode(ByteBuffer.wrap(shortLength)));
        byte[] emptyData = bytes("1388138800000000000000000003001000000001000000000000000000");
        assertThrows(WireException.class, () -> SctpHeader.decode(ByteBuffer.wrap(emptyData)));
        assertThrows(IllegalArgumentException.class, () -> SctpChunk.Data.message(1, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new SctpHeader(70000, 1, 0, List.of()));
    }

    @Test
    void fieldsAndSummaryNameTheChunks() {
        SctpHeader h = SctpHeader.of(40000, 7777, 0xcafef00dL, SctpChunk.Data.message(7, 0, 0, new byte[100]));
        assertEquals("SCTP 40000 > 7777 vtag 0xcafef00d [DATA tsn 7 sid 0 ssn 0 ppid 0 len 100]", h.summary());
        assertEquals("chunk 1", h.fields().get(4).name());
        assertEquals(100, h.userDataLength());
        assertEquals("SCTP", h.title());
    }

    @Test
    void theJsonTraceRendersTheCommonHeaderAndEveryChunk() {
        SctpHeader h = SctpHeader.of(40000, 7777, 0xcafef00dL, SctpChunk.Sack.of(6, 106496),
                SctpChunk.Data.message(7, 0, 0, new byte[100]));
        assertEquals("{\"layer\":\"sctp\",\"src_port\":40000,\"dst_port\":7777,\"vtag\":3405705229,\"chunks\":["
                + "{\"type\":\"SACK\",\"cumulative_tsn_ack\":6,\"a_rwnd\":106496,\"gap_blocks\":0,\"duplicate_tsns\":0},"
                + "{\"type\":\"DATA\",\"flags\":3,\"tsn\":7,\"stream\":0,\"ssn\":0,\"ppid\":0,\"data_length\":100}]}",
                io.podnet.sim.trace.render.JsonTraceRenderer.layer(h).toString());
    }

    static Packet frame(SctpHeader sctp) {
        return Packet.of(new byte[0], new EthernetHeader(MacAddress.parse("02:00:00:00:00:0b"),
                        MacAddress.parse("02:00:00:00:00:0a"), EthernetHeader.TYPE_IPV4),
                Ipv4Header.of(Ipv4Address.parse("10.244.1.2"), Ipv4Address.parse("10.244.2.3"), Ipv4Header.PROTO_SCTP, 64, 1),
                sctp);
    }
}
